/**
 * Loading the node list from the clusterer table (reference §9.1,
 * node_info.c): the clusters that contain the local node, then every row of
 * those clusters. Bad rows of other nodes are skipped with a reason; a bad
 * row for the local node is fatal. A `bins:` (TLS) row counts as bad when the
 * configuration has no `tls` section: a TLS address is never served or
 * contacted in plain text.
 */
import type { ColumnNames } from '../config/columns.js';
import type { NodeInfo } from '../config/node-info.js';
import { isTlsUrl, tlsRefusal } from '../config/tls.js';
import { describeError, type Db, type Row } from './driver.js';
import { DbError } from './errors.js';
import { checkRow, rowToNodeInfo } from './rows.js';
import { checkVersion } from './schema.js';
import { columnList, quoteIdent } from './sql.js';

/** OpenSIPS refuses a node in more clusters than this. */
export const MAX_CLUSTERS = 64;
/** OpenSIPS refuses more rows than this in the clusters of the local node. */
export const MAX_ROWS = 128;

/** A row that was not loaded, and why. */
export interface RejectedRow {
  id: unknown;
  reason: string;
}

/** What the table says about this node's clusters; shaped like the db_mode 0 part of NodeConfig. */
export interface DbProvisioning {
  /** The local node, one entry per cluster, by ascending cluster id. */
  myNodeInfo: NodeInfo[];
  neighborNodeInfo: NodeInfo[];
  rejected: RejectedRow[];
}

/** Picks the local and neighbour nodes out of the rows of the local node's clusters (ordered by row id). */
export function selectNodes(rows: readonly Row[], cols: ColumnNames, myId: number, tls = false): DbProvisioning {
  const out: DbProvisioning = { myNodeInfo: [], neighborNodeInfo: [], rejected: [] };
  const seen = new Map<string, number>();
  for (const raw of rows) {
    const c = checkRow(raw, cols);
    if (!c.ok) {
      if (c.nodeId === myId) throw new DbError(`Invalid info for local node (row id ${String(c.id)}): ${c.reason}`);
      out.rejected.push({ id: c.id, reason: c.reason });
      continue;
    }
    const { row } = c;
    const key = `${row.cluster_id}/${row.node_id}`;
    const first = seen.get(key);
    if (first !== undefined) {
      const why = `duplicate node_id ${row.node_id} in cluster ${row.cluster_id} (row id ${first} already defines it)`;
      if (row.node_id === myId) throw new DbError(`Invalid info for local node (row id ${row.id}): ${why}`);
      out.rejected.push({ id: row.id, reason: why });
      continue;
    }
    seen.set(key, row.id);
    const info = rowToNodeInfo(row);
    if (isTlsUrl(info) && !tls) {
      if (row.node_id === myId) throw new DbError(`Invalid info for local node (row id ${row.id}): ${tlsRefusal(info.url)}`);
      out.rejected.push({ id: row.id, reason: tlsRefusal(info.url) });
      continue;
    }
    (row.node_id === myId ? out.myNodeInfo : out.neighborNodeInfo).push(info);
  }
  out.myNodeInfo.sort((a, b) => a.clusterId - b.clusterId);
  return out;
}

/** Reads the local node's clusters from `table`. Throws DbError (CL_ERR_DB) naming the database. */
export async function loadNodes(db: Db, table: string, cols: ColumnNames, myId: number, tls = false): Promise<DbProvisioning> {
  const q = (n: string) => quoteIdent(db.dialect, n);
  const read = async (sql: string, params: (string | number)[]): Promise<Row[]> => {
    try {
      return await db.all(sql, params);
    } catch (err) {
      throw new DbError(`cannot read table ${table} from ${db.display}: ${describeError(err)} (create it with: cl db init)`, { cause: err });
    }
  };
  const ids = await read(`SELECT DISTINCT ${q(cols.clusterId)} AS c FROM ${q(table)} WHERE ${q(cols.nodeId)} = ?`, [myId]);
  await checkVersion(db, table);
  const clusters: number[] = [];
  for (const r of ids) {
    const c = Number(r.c);
    if (r.c === null || !Number.isInteger(c) || c < 1) {
      throw new DbError(`Invalid info for local node: column ${cols.clusterId} is ${JSON.stringify(r.c)} (must be greater than 0)`);
    }
    clusters.push(c);
  }
  if (clusters.length > MAX_CLUSTERS) throw new DbError(`node ${myId} is in ${clusters.length} clusters in ${db.display}; at most ${MAX_CLUSTERS} are supported`);
  if (clusters.length === 0) return { myNodeInfo: [], neighborNodeInfo: [], rejected: [] };
  const marks = clusters.map(() => '?').join(', ');
  const rows = await read(`SELECT ${columnList(db.dialect, cols)} FROM ${q(table)} WHERE ${q(cols.clusterId)} IN (${marks}) ORDER BY ${q(cols.id)}`, clusters);
  if (rows.length > MAX_ROWS) throw new DbError(`${rows.length} rows in the clusters of node ${myId} in ${db.display}; at most ${MAX_ROWS} are supported`);
  return selectNodes(rows, cols, myId, tls);
}
