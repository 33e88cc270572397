import { defaultControlSocket } from '../engine/paths.js';
import { ClientError } from './errors.js';

/** Where a node (or an OpenSIPS mi_http) answers, and the bound on each call. */
export interface ClientTarget {
  /** Unix socket of a local node. */
  socketPath?: string;
  /** Any MI JSON-RPC endpoint, e.g. a real OpenSIPS mi_http `http://127.0.0.1:8888/mi`. */
  url?: string;
  /** Bearer token sent to a `url` (a cl node's mi_http with mi_http_token). */
  token?: string;
  timeoutMs: number;
}

export interface TargetFlags {
  socket?: string | undefined;
  url?: string | undefined;
  timeout?: string | undefined;
  token?: string | undefined;
  /** A node named in the client configuration (client-config.ts). */
  node?: string | undefined;
  'all-nodes'?: boolean | undefined;
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

/**
 * The one place that decides which node a command talks to: `--url` wins
 * over `--socket`/`-s`, which wins over `$CL_SOCKET` and the default path
 * (see defaultControlSocket). A `--url` gets `--token` or `$CL_TOKEN`.
 */
export function resolveTarget(flags: TargetFlags, env: NodeJS.ProcessEnv = process.env): ClientTarget {
  const timeoutMs = parseDuration(flags.timeout ?? DEFAULT_TIMEOUT);
  const token = flags.token ?? env.CL_TOKEN;
  if (flags.url) return { url: flags.url, timeoutMs, ...(token ? { token } : {}) };
  return { socketPath: flags.socket ?? defaultControlSocket(env), timeoutMs };
}

/** The target of a node named in the client configuration (the timeout of the flags). */
export function targetOf(n: { socket?: string; url?: string; token?: string }, flags: TargetFlags): ClientTarget {
  const timeoutMs = parseDuration(flags.timeout ?? DEFAULT_TIMEOUT);
  if (n.url) return { url: n.url, timeoutMs, ...(n.token ? { token: n.token } : {}) };
  return { socketPath: n.socket!, timeoutMs };
}

/** `unix:/path` or the URL, for messages. */
export const describeTarget = (t: ClientTarget): string => t.url ?? `unix:${t.socketPath}`;
