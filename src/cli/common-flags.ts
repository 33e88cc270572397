import { DEFAULT_TIMEOUT } from '../client/target.js';
import { ClientError } from '../client/errors.js';

/** `--json`, on every command. */
export const JSON_FLAG = { json: { type: 'boolean', summary: 'Print machine-readable JSON.', helpGroup: 'GLOBAL' } } as const;

/** How every node-facing command finds the node (resolved by src/client/target.ts), plus --json. */
export const TARGET_FLAGS = {
  socket: { type: 'string', char: 's', summary: 'Control socket of the node (default: $CL_SOCKET, else the default path).', helpGroup: 'NODE' },
  url: { type: 'string', summary: 'MI JSON-RPC endpoint instead of the socket, e.g. http://127.0.0.1:8888/mi.', helpGroup: 'NODE' },
  timeout: { type: 'string', summary: 'Bound on each call to the node.', default: DEFAULT_TIMEOUT, helpGroup: 'NODE' },
  token: { type: 'string', summary: 'Bearer token for a --url whose node sets mi_http_token (default: $CL_TOKEN).', helpGroup: 'NODE' },
  node: { type: 'string', summary: 'A node named in the client configuration (~/.config/cl/config.yaml, $CL_CONFIG).', helpGroup: 'NODE' },
  'all-nodes': { type: 'boolean', summary: 'Run on every node of the client configuration; views that should agree are compared.', helpGroup: 'NODE' },
  ...JSON_FLAG,
} as const;

/** The flags every `cl db` command shares: which database and table. */
export const DB_FLAGS = {
  'db-url': { type: 'string', summary: 'Database URL: sqlite:///path/file.db, postgres://…, mysql://….', env: 'CL_DB_URL', helpGroup: 'DATABASE' },
  config: { type: 'string', char: 'c', summary: 'Node configuration to take db_url, db_table and *_col from.', helpGroup: 'DATABASE' },
  'db-table': { type: 'string', summary: 'Table name (default: db_table of the configuration, else clusterer).', helpGroup: 'DATABASE' },
  ...JSON_FLAG,
} as const;

/** An `id` argument: an integer greater than 0; anything else is a usage error (exit 2). */
export function parseId(name: string, word: string): number {
  if (/^\d+$/.test(word) && Number(word) >= 1) return Number(word);
  throw new ClientError('CL_ERR_USAGE', `bad ${name.toUpperCase()} '${word}': expected an integer greater than 0`);
}

/** `--cluster` of the `cl cap` commands: which cluster's capability (default: the one cluster where it is registered). */
export const CAP_CLUSTER_FLAG = { cluster: { type: 'integer', summary: 'Cluster id (default: the one cluster where the capability is registered).', min: 1 } } as const;

/** `-C/--collection` of the `cl kv` commands. */
export const KV_COLLECTION_FLAG = { collection: { type: 'string', char: 'C', summary: 'Collection (default: default).' } } as const;

/** `-o/--format` of the list commands: the default table, json (as --json), yaml, or lines (a row per line, tab-separated, no header). */
export const FORMAT_FLAG = { format: { type: 'string', char: 'o', summary: 'Output: table (default), json, yaml or lines (tab-separated rows, no header).', options: ['table', 'json', 'yaml', 'lines'] } } as const;
