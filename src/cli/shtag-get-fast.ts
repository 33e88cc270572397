import { parseArgs } from 'node:util';
import { callOverSocket } from '../client/socket-call.js';
import { getShtag } from '../client/shtags.js';
import { errorJson, renderError } from '../render/error.js';
import { renderShtagState, shtagExitCode } from '../render/shtags.js';
import { exitCodeFor } from './exit-codes.js';
import { resolveTarget } from './target.js';

/**
 * `cl shtag get` without loading the command framework: it is the test of
 * shell conditions (`if cl shtag get vip/1; then …`), run again and again.
 * Flags are those of `src/commands/shtag/get.ts` (a test keeps them equal);
 * `--url` (an HTTP endpoint) takes the full command.
 */
export const fastShtagGetOptions = {
  socket: { type: 'string', short: 's' },
  url: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export interface FastShtagGet {
  tag: string;
  socket: string | undefined;
  timeout: string | undefined;
  json: boolean;
}

/** The arguments, or null when they need the full command (help, --url, anything it reports). */
export function parseFastShtagGet(argv: string[]): FastShtagGet | null {
  try {
    const { values: v, positionals } = parseArgs({ args: argv, options: fastShtagGetOptions, allowPositionals: true, strict: true });
    if (positionals.length !== 1 || v.url !== undefined) return null;
    return { tag: positionals[0]!, socket: v.socket ?? process.env.CL_SOCKET, timeout: v.timeout, json: v.json === true };
  } catch {
    return null;
  }
}

/** Prints the state (or the row as JSON); returns 0 active, 1 backup, or the error's exit code. */
export async function main(args: FastShtagGet): Promise<number> {
  try {
    const target = resolveTarget({ socket: args.socket, timeout: args.timeout });
    const socketPath = target.socketPath!;
    const row = await getShtag({ call: (method, params) => callOverSocket(socketPath, method, params, target.timeoutMs) }, args.tag);
    process.stdout.write(`${args.json ? JSON.stringify(row) : renderShtagState(row)}\n`);
    return shtagExitCode(row);
  } catch (err) {
    if (args.json) process.stdout.write(`${JSON.stringify(errorJson(err))}\n`);
    else process.stderr.write(`${renderError(err)}\n`);
    return exitCodeFor(err);
  }
}
