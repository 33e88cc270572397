import { callOverSocket } from '../client/socket-call.js';
import { errorJson, renderError } from '../render/error.js';
import { exitCodeFor } from './exit-codes.js';
import { resolveTarget } from './target.js';

/**
 * Shared by the commands that skip the command framework when their
 * arguments allow (shell-script hot paths). Their flags are those of the
 * full commands' base flags; `--url` (an HTTP endpoint) takes the full
 * command, whose client handles it.
 */
export const FAST_TARGET_OPTIONS = {
  socket: { type: 'string', short: 's' },
  url: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export interface FastTarget {
  socket: string | undefined;
  timeout: string | undefined;
  json: boolean;
}

export interface Caller {
  call(method: string, params?: unknown[] | Record<string, unknown>): Promise<unknown>;
}

/** JSON-RPC over the node's control socket (node:http; no HTTP client library to load). */
export function socketCaller(t: FastTarget): Caller {
  const target = resolveTarget({ socket: t.socket ?? process.env.CL_SOCKET, timeout: t.timeout });
  const socketPath = target.socketPath!;
  return { call: (method, params) => callOverSocket(socketPath, method, params, target.timeoutMs) };
}

/** Runs a fast command; errors are reported as the full commands report them (JSON with --json) and mapped to their exit codes. */
export async function runFast(json: boolean, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (json) process.stdout.write(`${JSON.stringify(errorJson(err))}\n`);
    else process.stderr.write(`${renderError(err)}\n`);
    return exitCodeFor(err);
  }
}
