import { parseArgs } from 'node:util';
import { runMi } from './mi.js';
import { EXIT } from './exit-codes.js';
import { FAST_TARGET_OPTIONS } from './fast-path.js';

/**
 * `cl mi` without loading the command framework: the most frequent call in
 * scripts and pipelines starts as fast as a bare node process allows. Flags
 * are the same as those of `src/commands/mi.ts` (a test keeps them equal).
 */
export const fastMiOptions = FAST_TARGET_OPTIONS;

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: fastMiOptions, allowPositionals: true, strict: true });
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\nusage: cl mi METHOD [PARAMS…] [-s SOCKET | --url URL] [--timeout 5s] [--json]\n`);
    return EXIT.USAGE;
  }
  const [method, ...words] = parsed.positionals;
  if (!method) {
    process.stderr.write('error: missing METHOD\nusage: cl mi METHOD [PARAMS…] (try `cl mi which`)\n');
    return EXIT.USAGE;
  }
  const v = parsed.values;
  return runMi(
    { method, words, socket: v.socket ?? process.env.CL_SOCKET, url: v.url, timeout: v.timeout, json: v.json },
    {
      out: (l) => process.stdout.write(`${l}\n`),
      err: (l) => process.stderr.write(`${l}\n`),
      isTTY: process.stdout.isTTY === true,
    },
  );
}
