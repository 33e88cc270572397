import { ClError } from '../engine/errors.js';
import { ClientError } from '../client/errors.js';

/** One line for stderr: what went wrong, never a stack trace. */
export function renderError(err: unknown): string {
  if (err instanceof ClientError && err.rpcCode !== undefined) return `error: ${err.message} (code ${err.rpcCode})`;
  if (err instanceof ClError) return `error: ${err.message}`;
  if (err instanceof Error) return `error: ${err.message}`;
  return `error: ${String(err)}`;
}

/** The error as a JSON object, for `--json` consumers. */
export function errorJson(err: unknown): Record<string, unknown> {
  if (err instanceof ClientError) {
    const e: Record<string, unknown> = { code: err.rpcCode ?? err.code, message: err.message };
    if (err.data !== undefined) e.data = err.data;
    return { error: e };
  }
  if (err instanceof ClError) return { error: { code: err.code, message: err.message } };
  return { error: { code: 'CL_ERR_INTERNAL', message: err instanceof Error ? err.message : String(err) } };
}
