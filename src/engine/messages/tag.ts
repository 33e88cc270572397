import { lazyBuiltin } from '../builtin.js';

const crypto = lazyBuiltin<typeof import('node:crypto')>('node:crypto');

/** The characters OpenSIPS draws tag suffixes from: A–Z, a–y and 1–6 (reference §3.9). */
export const TAG_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxy123456';
/** Random characters after `<cluster>-<node>-`. */
export const TAG_RANDOM_CHARS = 24;

/** Refilled in one call every so often: one syscall per 170 tags instead of one per tag. */
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let poolAt = POOL_SIZE;
/** Byte → alphabet character code; 0 for the bytes above the largest multiple of 57 (kept unbiased). */
const CHAR_OF = new Uint8Array(256);
for (let b = 0; b < 256 - (256 % TAG_ALPHABET.length); b++) CHAR_OF[b] = TAG_ALPHABET.charCodeAt(b % TAG_ALPHABET.length);

/** Reused character codes: a tag costs one string, no Buffer. */
const codes: number[] = new Array<number>(TAG_RANDOM_CHARS).fill(0);

function randomChars(): string {
  let i = 0;
  while (i < TAG_RANDOM_CHARS) {
    if (poolAt >= POOL_SIZE) {
      crypto().randomFillSync(pool);
      poolAt = 0;
    }
    const c = CHAR_OF[pool[poolAt++]!]!;
    if (c !== 0) codes[i++] = c;
  }
  return String.fromCharCode.apply(null, codes);
}

/** A fresh request tag, e.g. `1-3-Qm4bXr…` (at most 30 characters for 2-digit ids). */
export function newTag(clusterId: number, nodeId: number): string {
  return `${clusterId}-${nodeId}-${randomChars()}`;
}

const TAG_RE = new RegExp(`^\\d+-\\d+-[${TAG_ALPHABET}]{${TAG_RANDOM_CHARS}}$`);

/** True for a tag in the form OpenSIPS and `cl` generate (receivers never need to check this). */
export function isGeneratedTag(tag: string): boolean {
  return TAG_RE.test(tag);
}
