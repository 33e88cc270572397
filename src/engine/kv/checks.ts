import { KvCode, KvError } from './errors.js';
import { MAX_ENTRY_BYTES } from './limits.js';

/** Largest TTL: the wire carries seconds in an i32. */
export const MAX_TTL_SEC = 0x7fffffff;

// A lone surrogate has no UTF-8 form: encoding would replace it with U+FFFD
// and the stored value would not be the one given.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks a text field: a string that encodes to UTF-8 as it is. */
export function checkText(what: string, v: unknown, allowEmpty: boolean): string {
  if (typeof v !== 'string') throw new KvError(KvCode.BAD_VALUE, `${what} must be a string, got ${v === null ? 'null' : typeof v}`);
  if (!allowEmpty && v.length === 0) throw new KvError(KvCode.BAD_VALUE, `${what} must not be empty`);
  if (LONE_SURROGATE.test(v)) throw new KvError(KvCode.BAD_VALUE, `${what} is not valid Unicode text (a lone surrogate; binary data is not accepted)`);
  return v;
}

/** Checks a TTL in seconds (0 = never expires). */
export function checkTtl(v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_TTL_SEC) {
    throw new KvError(KvCode.BAD_VALUE, `ttl must be an integer number of seconds in 0..${MAX_TTL_SEC} (0 = never expires), got ${String(v)}`);
  }
  return v;
}

/** Refuses an entry whose insert packet would not fit in a BIN packet; names the limit. */
export function checkSize(collection: string, key: string, value: string): void {
  const n = Buffer.byteLength(collection, 'utf8') + Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8');
  if (n > MAX_ENTRY_BYTES) {
    throw new KvError(KvCode.TOO_LARGE, `key "${preview(key)}": collection, key and value take ${n} bytes, more than the ${MAX_ENTRY_BYTES} bytes one replication packet can carry (BIN packets are at most 65515 bytes)`);
  }
}

/** cachedb_local keeps counters in a C int. */
export const COUNTER_MIN = -0x80000000;
export const COUNTER_MAX = 0x7fffffff;

/** A counter value: a 32-bit integer in decimal, as cachedb_local reads it. */
export function counterValue(key: string, value: string): number {
  const n = /^[+-]?\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(n >= COUNTER_MIN && n <= COUNTER_MAX)) {
    throw new KvError(KvCode.NOT_A_COUNTER, `key "${preview(key)}" holds "${preview(value)}", not an integer counter`);
  }
  return Number(value);
}

export function checkDelta(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < COUNTER_MIN || v > COUNTER_MAX) throw new KvError(KvCode.BAD_VALUE, `delta must be a 32-bit integer, got ${String(v)}`);
  return v;
}

/** The first characters of a key or value, for messages. */
export function preview(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
