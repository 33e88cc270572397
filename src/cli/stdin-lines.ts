import { createInterface } from 'node:readline';

/** The lines of stdin (without their line ends), as they arrive. */
export function stdinLines(): AsyncIterable<string> {
  return createInterface({ input: process.stdin, crlfDelay: Infinity });
}
