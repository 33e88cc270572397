import { ClientError } from '../client/errors.js';
import { isClError } from '../engine/errors.js';

/** One line for stderr: what went wrong, never a stack trace. */
export function renderError(err: unknown): string {
  if (err instanceof Error) return `error: ${err.message}`;
  return `error: ${String(err)}`;
}

/** The `error` member of a `--json` failure. */
export interface ErrorJson {
  /** The stable code, always a `CL_ERR_*` string (docs/errors.md). */
  code: string;
  message: string;
  /** The exit code of the command. */
  exit: number;
  /** The JSON-RPC `error.code` when the node answered with an error. */
  rpc_code?: number;
  /** The node's `error.data` text, when there is one. */
  data?: string;
}

/** The error as a JSON object, for `--json` consumers: `{"error":{"code":"CL_ERR_…","message":…,"exit":N}}`. */
export function errorJson(err: unknown, exit: number): { error: ErrorJson } {
  const code = isClError(err) ? err.code : 'CL_ERR_INTERNAL';
  const e: ErrorJson = { code, message: err instanceof Error ? err.message : String(err), exit };
  if (err instanceof ClientError) {
    if (err.rpcCode !== undefined) e.rpc_code = err.rpcCode;
    if (err.data !== undefined) e.data = err.data;
  }
  return { error: e };
}
