import { ClientError } from '../client/errors.js';
import { isClError } from '../engine/errors.js';

/**
 * Process exit codes. Documented in man/cl.1 and, code by code, in
 * docs/errors.md and man/cl-errors.7; scripts may rely on them.
 */
export const EXIT = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  UNREACHABLE: 3,
  TIMEOUT: 4,
  MI_ERROR: 5,
  CONFIG: 6,
  ADDR_IN_USE: 7,
  BAD_REPLY: 8,
  DB: 9,
} as const;

const { FAILURE, USAGE, UNREACHABLE, TIMEOUT, MI_ERROR, CONFIG, ADDR_IN_USE, BAD_REPLY, DB } = EXIT;

/**
 * The one table from error codes to exit codes: every `CL_ERR_*` code the
 * project raises has an entry (a test keeps it so, and keeps docs/errors.md
 * in step). An error the node answered with (an MI error) exits 5 whatever
 * its code: the code says what went wrong there, the exit code that the
 * node refused.
 */
export const EXIT_BY_CODE: Readonly<Record<string, number>> = {
  CL_ERR_USAGE: USAGE,
  // The engine's code for a bad value the operator typed (a `cl db node add` row).
  CL_ERR_INVALID_ARGUMENT: USAGE,
  CL_ERR_NODE_UNREACHABLE: UNREACHABLE,
  CL_ERR_TIMEOUT: TIMEOUT,
  CL_ERR_HTTP: BAD_REPLY,
  CL_ERR_BAD_REPLY: BAD_REPLY,
  CL_ERR_RPC: MI_ERROR,
  CL_ERR_RPC_PARSE: MI_ERROR,
  CL_ERR_RPC_INVALID_REQUEST: MI_ERROR,
  CL_ERR_RPC_METHOD_NOT_FOUND: MI_ERROR,
  CL_ERR_RPC_INVALID_PARAMS: MI_ERROR,
  CL_ERR_RPC_METHOD_AMBIGUOUS: MI_ERROR,
  CL_ERR_RPC_SERVER: MI_ERROR,
  CL_ERR_RPC_COMMAND: MI_ERROR,
  CL_ERR_SHTAG_BAD_FORMAT: MI_ERROR,
  CL_ERR_SHTAG_BAD_CLUSTER_ID: MI_ERROR,
  CL_ERR_SHTAG_UNKNOWN_CLUSTER: MI_ERROR,
  CL_ERR_SHTAG_BACKUP_NOT_ALLOWED: MI_ERROR,
  CL_ERR_SHTAG_BAD_STATE: MI_ERROR,
  CL_ERR_KV_UNKNOWN_COLLECTION: MI_ERROR,
  CL_ERR_KV_TOO_LARGE: MI_ERROR,
  CL_ERR_KV_NOT_FOUND: MI_ERROR,
  CL_ERR_KV_BAD_VALUE: MI_ERROR,
  CL_ERR_KV_NOT_A_COUNTER: MI_ERROR,
  CL_ERR_CONFIG: CONFIG,
  CL_ERR_CONFIG_VALUE: FAILURE,
  CL_ERR_BAD_URL: FAILURE,
  CL_ERR_BAD_ADDR: FAILURE,
  CL_ERR_ADDR_IN_USE: ADDR_IN_USE,
  CL_ERR_LISTEN: FAILURE,
  CL_ERR_DB: DB,
  CL_ERR_DB_URL: FAILURE,
  CL_ERR_DB_NOT_FOUND: FAILURE,
  CL_ERR_DB_DUPLICATE: FAILURE,
  // Asking a node about a cluster, node, tag or event it does not know is
  // refused the same way wherever the check is made (node or CLI).
  CL_ERR_UNKNOWN_CLUSTER: MI_ERROR,
  CL_ERR_UNKNOWN_NODE: MI_ERROR,
  CL_ERR_SHTAG_UNKNOWN_TAG: MI_ERROR,
  CL_ERR_UNKNOWN_EVENT: USAGE,
  CL_ERR_DB_MODE: MI_ERROR,
  CL_ERR_MSG_NOT_SENT: FAILURE,
  CL_ERR_UNKNOWN_CAPABILITY: MI_ERROR,
  CL_ERR_CAP_EXISTS: FAILURE,
  CL_ERR_KV_BACKLOG: FAILURE,
  CL_ERR_CAP_RESERVED: FAILURE,
  CL_ERR_CAP_SYNC_FAILED: FAILURE,
  CL_ERR_NODE_EXISTS: FAILURE,
  CL_ERR_NODE_IS_LOCAL: FAILURE,
  CL_ERR_TOO_MANY_NODES: FAILURE,
  CL_ERR_INTERNAL: FAILURE,
  CL_ERR_WIRE_BAD_CAPABILITY: FAILURE,
  CL_ERR_WIRE_BAD_CHUNK_MARKER: FAILURE,
  CL_ERR_WIRE_BAD_COUNT: FAILURE,
  CL_ERR_WIRE_BAD_LENGTH: FAILURE,
  CL_ERR_WIRE_BAD_MARKER: FAILURE,
  CL_ERR_WIRE_BAD_STRING: FAILURE,
  CL_ERR_WIRE_BAD_VALUE: FAILURE,
  CL_ERR_WIRE_BAD_VERSION: FAILURE,
  CL_ERR_WIRE_BUFFER_OVERRUN: FAILURE,
  CL_ERR_WIRE_INTERNAL: FAILURE,
  CL_ERR_WIRE_NOT_FLOODED: FAILURE,
  CL_ERR_WIRE_NO_TRAILER: FAILURE,
  CL_ERR_WIRE_STRING_TOO_LONG: FAILURE,
  CL_ERR_WIRE_TOO_LARGE: FAILURE,
  CL_ERR_WIRE_TRAILING_BYTES: FAILURE,
  CL_ERR_WIRE_TRUNCATED: FAILURE,
  CL_ERR_WIRE_UNKNOWN_TYPE: FAILURE,
};

export function exitCodeFor(err: unknown): number {
  if (err instanceof ClientError && err.rpcCode !== undefined) return MI_ERROR;
  if (isClError(err)) return EXIT_BY_CODE[err.code] ?? FAILURE;
  return FAILURE;
}
