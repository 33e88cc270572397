import { BinReader, BinWriter, WireCode, WireError } from '../wire/index.js';
import { KvPacketType, MAX_BATCH, MAX_BATCH_BYTES, readChange } from './codec.js';
import type { KvChange } from './types.js';

/**
 * A timed batch (packet type 101, ours, between `cl` nodes only):
 *
 *     u32 ack id (0: no confirmation asked), i32 count,
 *     count × (i32 type 1|2, that type's fields, u32 high, u32 low of the write time in ms since the epoch)
 *
 * The write time lets every receiver keep the later of two racing writes
 * of one key; the ack id asks the receiver to confirm, once applied, on
 * `cl-kv-ack` (see ack.ts).
 */
export interface TimedChange {
  change: KvChange;
  /** When the change was made on the node that made it (ms since the epoch). */
  at: number;
}

export interface TimedBatch {
  ackId: number;
  changes: TimedChange[];
}

const HIGH = 0x1_0000_0000;

/** Builds timed batch payloads: changes appended in order, a new batch when one is full; every batch carries `ackId`. */
export class TimedBatchWriter {
  private w: BinWriter;
  private n = 0;
  readonly done: Buffer[] = [];

  constructor(private readonly ackId = 0) {
    this.w = this.fresh();
  }

  private fresh(): BinWriter {
    return new BinWriter(4096).u32(this.ackId).i32(0);
  }

  add(c: KvChange, at: number): void {
    const start = this.w.length;
    this.w.i32(c.op === 'store' ? KvPacketType.INSERT : KvPacketType.REMOVE).str(c.collection).str(c.key);
    if (c.op === 'store') this.w.str(c.value).i32(c.expiresSec);
    const t = Math.max(0, Math.floor(at));
    this.w.u32(Math.floor(t / HIGH)).u32(t % HIGH);
    if (this.w.length > MAX_BATCH_BYTES && this.n > 0) {
      const bytes = Buffer.from(this.w.view(start));
      this.w.truncate(start);
      this.close();
      this.w.bytes(bytes);
    }
    this.n++;
    if (this.n >= MAX_BATCH) this.close();
  }

  private close(): void {
    if (this.n === 0) return;
    this.done.push(this.w.patchU32(4, this.n).finish());
    this.w = this.fresh();
    this.n = 0;
  }

  /** Every batch so far, the last one closed. */
  finish(): Buffer[] {
    this.close();
    return this.done;
  }
}

/** Decodes a timed batch; WireError naming the field and the change's index. */
export function decodeTimedBatch(payload: Buffer): TimedBatch {
  const r = new BinReader(payload);
  const ackId = r.u32('timed batch ack id');
  const n = r.count('timed batch count', 0, MAX_BATCH);
  const changes: TimedChange[] = [];
  for (let i = 0; i < n; i++) {
    const type = r.i32(`timed batch change ${i} type`);
    if (type !== KvPacketType.INSERT && type !== KvPacketType.REMOVE) throw new WireError(WireCode.UNKNOWN_TYPE, `timed batch change ${i}: type ${type} is neither insert (1) nor remove (2)`);
    const change = readChange(r, type);
    const hi = r.u32(`timed batch change ${i} time high`);
    const lo = r.u32(`timed batch change ${i} time low`);
    changes.push({ change, at: hi * HIGH + lo });
  }
  r.expectEnd('timed batch');
  return { ackId, changes };
}
