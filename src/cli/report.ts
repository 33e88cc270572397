import { errorJson, renderError } from '../render/error.js';
import type { Io } from './definition.js';
import { exitCodeFor } from './exit-codes.js';

/**
 * The one error reporter of every command: with `--json` a JSON error object
 * on stdout (`{"error":{"code":"CL_ERR_…","message":…,"exit":N}}`), else one
 * line on stderr. Returns the exit code of the error.
 */
export function reportError(err: unknown, json: boolean, io: Pick<Io, 'out' | 'err'>): number {
  const exit = exitCodeFor(err);
  if (json) io.out(JSON.stringify(errorJson(err, exit)));
  else io.err(renderError(err));
  return exit;
}
