/**
 * Names of the `clusterer` table columns. OpenSIPS also uses them as the
 * property names of `my_node_info` / `neighbor_node_info`, so renaming a
 * column with a `*_col` parameter renames the property too.
 */
export interface ColumnNames {
  id: string;
  clusterId: string;
  nodeId: string;
  url: string;
  state: string;
  noPingRetries: string;
  priority: string;
  sipAddr: string;
  flags: string;
  description: string;
}

export type ColumnField = keyof ColumnNames;

export const DEFAULT_COLUMNS: Readonly<ColumnNames> = Object.freeze({
  id: 'id',
  clusterId: 'cluster_id',
  nodeId: 'node_id',
  url: 'url',
  state: 'state',
  noPingRetries: 'no_ping_retries',
  priority: 'priority',
  sipAddr: 'sip_addr',
  flags: 'flags',
  description: 'description',
});

/** The module parameter that renames each column. */
export const COLUMN_PARAMS = {
  id: 'id_col',
  clusterId: 'cluster_id_col',
  nodeId: 'node_id_col',
  url: 'url_col',
  state: 'state_col',
  noPingRetries: 'no_ping_retries_col',
  priority: 'priority_col',
  sipAddr: 'sip_addr_col',
  flags: 'flags_col',
  description: 'description_col',
} as const satisfies Record<ColumnField, string>;

export const COLUMN_FIELDS = Object.keys(COLUMN_PARAMS) as ColumnField[];

/** Column names are also `prop=value` names, so they must be plain identifiers. */
export const COLUMN_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
