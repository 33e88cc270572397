import { defaultControlSocket } from '../engine/paths.js';
import { ClientError } from '../client/errors.js';
import type { ClientTarget } from '../client/control-client.js';

export interface TargetFlags {
  socket?: string | undefined;
  url?: string | undefined;
  timeout?: string | undefined;
}

/** Default bound on one call to a node. */
export const DEFAULT_TIMEOUT = '5s';

/** Parses `250ms`, `5s`, `2m` or a bare number of seconds into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new ClientError('CL_ERR_USAGE', `bad duration '${text}': use e.g. 500ms, 5s or 1m`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(unit === 'ms' ? n : unit === 's' ? n * 1000 : n * 60_000);
}

/** `--url` wins over `--socket`, which wins over `$CL_SOCKET` and the default path. */
export function resolveTarget(flags: TargetFlags, env: NodeJS.ProcessEnv = process.env): ClientTarget {
  const timeoutMs = parseDuration(flags.timeout ?? DEFAULT_TIMEOUT);
  if (flags.url) return { url: flags.url, timeoutMs };
  return { socketPath: flags.socket ?? defaultControlSocket(env), timeoutMs };
}
