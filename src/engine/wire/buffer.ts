import { isUtf8 } from 'node:buffer';
import { MAX_STR } from './constants.js';
import { WireCode, WireError } from './errors.js';

// fatal: invalid UTF-8 must fail rather than be replaced (it would not re-encode to the same bytes);
// ignoreBOM: keep a leading BOM as a character for the same reason.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function checkInt(v: number, min: number, max: number, kind: string): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new WireError(WireCode.BAD_VALUE, `${kind} value out of range: ${v}`);
  }
}

/** Buffer's own UTF-8 encoder (what write(…, 'utf8') calls); returns the bytes written. */
interface Utf8Writer {
  utf8Write(s: string, offset: number, length: number): number;
}

/** Little-endian BIN field writer; grows as needed. */
export class BinWriter {
  private buf: Buffer;
  private len = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialSize));
  }

  get length(): number {
    return this.len;
  }

  /** Makes room for n bytes and returns their offset; may replace this.buf, so call it before touching this.buf. */
  private reserve(n: number): number {
    const at = this.len;
    const need = at + n;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(next, 0, 0, at);
      this.buf = next;
    }
    this.len = need;
    return at;
  }

  i32(v: number): this {
    checkInt(v, -0x80000000, 0x7fffffff, 'i32');
    const at = this.reserve(4);
    this.buf.writeInt32LE(v, at);
    return this;
  }

  u32(v: number): this {
    checkInt(v, 0, 0xffffffff, 'u32');
    const at = this.reserve(4);
    this.buf.writeUInt32LE(v, at);
    return this;
  }

  i16(v: number): this {
    checkInt(v, -0x8000, 0x7fff, 'i16');
    const at = this.reserve(2);
    this.buf.writeInt16LE(v, at);
    return this;
  }

  u16(v: number): this {
    checkInt(v, 0, 0xffff, 'u16');
    const at = this.reserve(2);
    this.buf.writeUInt16LE(v, at);
    return this;
  }

  /** u16 byte length + raw UTF-8 bytes (no terminator). */
  str(s: string): this {
    // Encoded straight into the buffer by Buffer's own encoder (what write(…, 'utf8') calls, without
    // its argument handling), into room for the longest encoding; the length is written after.
    const room = s.length * 3;
    const at = this.reserve(2 + room);
    const n = room === 0 ? 0 : (this.buf as unknown as Utf8Writer).utf8Write(s, at + 2, room);
    if (n > MAX_STR) {
      this.len = at;
      throw new WireError(WireCode.STRING_TOO_LONG, `string of ${n} bytes exceeds ${MAX_STR}`);
    }
    this.buf.writeUInt16LE(n, at);
    this.len = at + 2 + n;
    return this;
  }

  /** Raw bytes, no length prefix. */
  bytes(b: Uint8Array): this {
    const at = this.reserve(b.length);
    this.buf.set(b, at);
    return this;
  }

  /** Overwrites a u32 already written at `offset` (e.g. the total length). */
  patchU32(offset: number, v: number): this {
    checkInt(v, 0, 0xffffffff, 'u32');
    if (offset < 0 || offset + 4 > this.len) throw new RangeError(`patch offset ${offset} outside written data`);
    this.buf.writeUInt32LE(v, offset);
    return this;
  }

  /** Drops what was written from `length` on (e.g. a record that did not fit). */
  truncate(length: number): this {
    if (length < 0 || length > this.len) throw new RangeError(`truncate to ${length} outside written data (${this.len} bytes)`);
    this.len = length;
    return this;
  }

  /** A view of bytes written so far, [from, to): valid until the next write. */
  view(from: number, to: number = this.len): Buffer {
    if (from < 0 || to > this.len || from > to) throw new RangeError(`view [${from}, ${to}) outside written data (${this.len} bytes)`);
    return this.buf.subarray(from, to);
  }

  /** A copy of the written bytes. */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }

  /**
   * The bytes written, without a copy: for a writer that is dropped right
   * after (a packet on its way to a socket). The view keeps the whole
   * buffer alive, so it suits buffers sized about right, not long-lived data.
   */
  finishView(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

/** Buffer's own UTF-8 decoder (what toString('utf8', …) calls, without its argument handling). */
interface Utf8Slicer {
  utf8Slice(start: number, end: number): string;
}

/**
 * Strict little-endian reader over `buf[start, end)`. Every read names what it
 * reads; reading past `end` throws WireError TRUNCATED with that name.
 */
export class BinReader {
  private pos: number;

  constructor(
    private readonly buf: Buffer,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private take(n: number, what: string): number {
    if (n > this.end - this.pos) {
      throw new WireError(
        WireCode.TRUNCATED,
        `truncated reading ${what}: need ${n} bytes at offset ${this.pos}, have ${this.end - this.pos}`,
      );
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  i32(what: string): number {
    return this.buf.readInt32LE(this.take(4, what));
  }

  u32(what: string): number {
    return this.buf.readUInt32LE(this.take(4, what));
  }

  i16(what: string): number {
    return this.buf.readInt16LE(this.take(2, what));
  }

  u16(what: string): number {
    return this.buf.readUInt16LE(this.take(2, what));
  }

  str(what: string): string {
    // The length label is only built for an error message (this runs for every string of every packet).
    const n = this.end - this.pos >= 2 ? this.buf.readUInt16LE(this.take(2, what)) : this.u16(`${what} length`);
    const at = this.take(n, what);
    // Buffer's native decoder replaces invalid sequences with U+FFFD: without
    // one in the result the bytes were valid UTF-8, and the validating decoder
    // (twice as slow; the costliest step of a decode) is needed only to tell
    // a real U+FFFD from a bad sequence.
    const b = this.buf;
    const end = at + n;
    const text = (b as unknown as Utf8Slicer).utf8Slice(at, end);
    if (!text.includes('\uFFFD')) return text;
    try {
      return utf8.decode(b.subarray(at, end));
    } catch (err) {
      throw new WireError(WireCode.BAD_STRING, `${what} is not valid UTF-8`, { cause: err });
    }
  }

  /**
   * Skips a string (u16 length + bytes) after checking that its bytes are
   * valid UTF-8, without decoding it; returns its byte length (the bytes
   * start at `offset` − length).
   */
  skipStr(what: string): number {
    const n = this.u16(`${what} length`);
    const at = this.take(n, what);
    const b = this.buf;
    let ascii = true;
    for (let i = at, end = at + n; i < end; i++) {
      if (b[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (!ascii && !isUtf8(b.subarray(at, at + n))) throw new WireError(WireCode.BAD_STRING, `${what} is not valid UTF-8`);
    return n;
  }

  /** A view (no copy) of the next `n` bytes. */
  bytes(n: number, what: string): Buffer {
    const at = this.take(n, what);
    return this.buf.subarray(at, at + n);
  }

  /** An i32 list count, checked against [min, max]. */
  count(what: string, min: number, max: number): number {
    const n = this.i32(what);
    if (n < min || n > max) {
      throw new WireError(WireCode.BAD_COUNT, `${what} ${n} outside ${min}..${max}`);
    }
    return n;
  }

  /** Throws TRAILING_BYTES if anything is left. */
  expectEnd(what: string): void {
    if (this.pos !== this.end) {
      throw new WireError(WireCode.TRAILING_BYTES, `${this.end - this.pos} unexpected bytes after ${what}`);
    }
  }
}
