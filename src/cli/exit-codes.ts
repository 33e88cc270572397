import { isClError } from '../engine/errors.js';

/**
 * The one table from error codes to process exit codes. Documented in
 * man/cl.1; scripts may rely on it.
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

const BY_CODE: Record<string, number> = {
  CL_ERR_USAGE: EXIT.USAGE,
  // The engine's code for a bad value the operator typed (a `cl db node add` row).
  CL_ERR_INVALID_ARGUMENT: EXIT.USAGE,
  CL_ERR_NODE_UNREACHABLE: EXIT.UNREACHABLE,
  CL_ERR_TIMEOUT: EXIT.TIMEOUT,
  CL_ERR_RPC: EXIT.MI_ERROR,
  CL_ERR_CONFIG: EXIT.CONFIG,
  CL_ERR_ADDR_IN_USE: EXIT.ADDR_IN_USE,
  CL_ERR_BAD_REPLY: EXIT.BAD_REPLY,
  CL_ERR_HTTP: EXIT.BAD_REPLY,
  CL_ERR_DB: EXIT.DB,
};

export function exitCodeFor(err: unknown): number {
  if (isClError(err)) return BY_CODE[err.code] ?? EXIT.FAILURE;
  return EXIT.FAILURE;
}
