/** Splits a TCP byte stream into BIN packets (reference §1.5). */
import { MARKER, MAX_PACKET, MAX_PACKET_LEGACY, MIN_PACKET } from './constants.js';
import { WireCode, WireError } from './errors.js';

export interface FrameDecoderOptions {
  /** Largest packet length accepted (default 65515; 65535 for 3.x-only peers). */
  maxPacket?: number;
  /** Most bytes that may be pending without completing a packet (default 65535, OpenSIPS's TCP buffer). */
  maxBuffered?: number;
}

export interface PushResult {
  /** Whole packets, in stream order. They may share memory with the pushed chunks. */
  frames: Buffer[];
  /** Set once the stream is unusable; the caller should close the connection. */
  error?: WireError;
}

const LEN_END = 8; // marker (4) + u32 length (4)
const MARKER_U32 = MARKER.readUInt32LE(0);

/**
 * Incremental frame splitter. Frames completed before an error in the same
 * push are still returned. After an error the decoder is dead: every later
 * push returns that error and no frames (OpenSIPS closes the connection; it
 * never resynchronises). Never throws.
 */
export class FrameDecoder {
  private readonly maxPacket: number;
  private readonly maxBuffered: number;
  /** Pending chunks from index `first`; chunks[first] is consumed from `head`. */
  private chunks: Buffer[] = [];
  private first = 0;
  private head = 0;
  private pending = 0;
  private failure: WireError | undefined;
  private readonly scratch = Buffer.alloc(LEN_END);

  constructor(opts: FrameDecoderOptions = {}) {
    this.maxPacket = opts.maxPacket ?? MAX_PACKET;
    this.maxBuffered = opts.maxBuffered ?? MAX_PACKET_LEGACY;
  }

  /** Bytes received but not yet returned as a frame. */
  get buffered(): number {
    return this.pending;
  }

  /** The error that killed the decoder, if any. */
  get error(): WireError | undefined {
    return this.failure;
  }

  push(chunk: Uint8Array): PushResult {
    if (this.failure) return { frames: [], error: this.failure };
    const frames: Buffer[] = [];
    try {
      if (chunk.length > 0) {
        this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
        this.pending += chunk.length;
      }
      for (;;) {
        const len = this.frameLength();
        if (len === undefined || this.pending < len) break;
        frames.push(this.take(len));
      }
      if (this.pending > this.maxBuffered) {
        this.fail(new WireError(WireCode.BUFFER_OVERRUN, `${this.pending} bytes pending exceed ${this.maxBuffered}`));
      }
    } catch (err) {
      this.fail(err instanceof WireError ? err : new WireError(WireCode.INTERNAL, 'frame decoder failure', { cause: err }));
    }
    return this.failure ? { frames, error: this.failure } : { frames };
  }

  private fail(err: WireError): void {
    this.failure = err;
    this.chunks = [];
    this.first = 0;
    this.head = 0;
    this.pending = 0;
  }

  /** Length of the next packet, undefined while its header is incomplete; throws on a bad header. */
  private frameLength(): number | undefined {
    if (this.pending < MARKER.length) return undefined;
    // Usually the whole header sits in the first chunk: read it there, no copy.
    const c0 = this.chunks[this.first]!;
    const have = c0.length - this.head >= LEN_END ? c0.subarray(this.head, this.head + LEN_END) : this.peek(Math.min(LEN_END, this.pending));
    if (have.readUInt32LE(0) !== MARKER_U32) {
      throw new WireError(WireCode.BAD_MARKER, `invalid packet marker ${have.subarray(0, 4).toString('hex')}`);
    }
    if (have.length < LEN_END) return undefined;
    const len = have.readUInt32LE(MARKER.length);
    if (len < MIN_PACKET) throw new WireError(WireCode.BAD_LENGTH, `packet length ${len} < ${MIN_PACKET}`);
    if (len > this.maxPacket) throw new WireError(WireCode.TOO_LARGE, `packet length ${len} > ${this.maxPacket}`);
    return len;
  }

  /** Copies the first n (<= 8) pending bytes into the scratch buffer without consuming them. */
  private peek(n: number): Buffer {
    let got = 0;
    for (let i = this.first, off = this.head; got < n; i++, off = 0) {
      const c = this.chunks[i]!;
      got += c.copy(this.scratch, got, off, Math.min(c.length, off + n - got));
    }
    return this.scratch.subarray(0, n);
  }

  /** Removes and returns the first n pending bytes (a view when they sit in one chunk). */
  private take(n: number): Buffer {
    this.pending -= n;
    const c0 = this.chunks[this.first]!;
    if (c0.length - this.head >= n) {
      const out = c0.subarray(this.head, this.head + n);
      this.head += n;
      if (this.head === c0.length) this.dropFirst();
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const c = this.chunks[this.first]!;
      const k = Math.min(c.length - this.head, n - got);
      c.copy(out, got, this.head, this.head + k);
      got += k;
      this.head += k;
      if (this.head === c.length) this.dropFirst();
    }
    return out;
  }

  private dropFirst(): void {
    this.head = 0;
    this.first++;
    // Compact now and then instead of shift() per chunk, which is O(n) on long lists.
    if (this.first === this.chunks.length) {
      this.chunks = [];
      this.first = 0;
    } else if (this.first >= 1024 && this.first * 2 >= this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
  }
}
