import { parseArgs } from 'node:util';
import { getShtag } from '../client/shtags.js';
import { renderShtagState, shtagExitCode } from '../render/shtags.js';
import { FAST_TARGET_OPTIONS, runFast, socketCaller, type FastTarget } from './fast-path.js';

/**
 * `cl shtag get` without the command framework: it is the test of shell
 * conditions (`if cl shtag get vip/1; then …`), run again and again. Flags
 * are those of `src/commands/shtag/get.ts` (a test keeps them equal).
 */
export const fastShtagGetOptions = FAST_TARGET_OPTIONS;

export interface FastShtagGet extends FastTarget {
  tag: string;
}

/** The arguments, or null when they need the full command (help, --url, anything it reports). */
export function parseFastShtagGet(argv: string[]): FastShtagGet | null {
  try {
    const { values: v, positionals } = parseArgs({ args: argv, options: fastShtagGetOptions, allowPositionals: true, strict: true });
    if (positionals.length !== 1 || v.url !== undefined) return null;
    return { tag: positionals[0]!, socket: v.socket, timeout: v.timeout, json: v.json === true };
  } catch {
    return null;
  }
}

/** Prints the state (or the row as JSON); returns 0 active, 1 backup, or the error's exit code. */
export function main(args: FastShtagGet): Promise<number> {
  return runFast(args.json, async () => {
    const row = await getShtag(socketCaller(args), args.tag);
    process.stdout.write(`${args.json ? JSON.stringify(row) : renderShtagState(row)}\n`);
    return shtagExitCode(row);
  });
}
