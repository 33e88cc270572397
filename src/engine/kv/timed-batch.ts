import { BinReader, WireCode, WireError } from '../wire/index.js';
import { BatchWriter, KvPacketType, MAX_BATCH, readChange } from './codec.js';
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

/** Builds timed batch payloads: the batch writer of `codec.ts` with an ack id (every batch carries it) and write times. */
export class TimedBatchWriter extends BatchWriter {
  constructor(ackId = 0, sizeHint?: number) {
    super(ackId, sizeHint);
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
    changes.push({ change, at: hi * 0x1_0000_0000 + lo });
  }
  r.expectEnd('timed batch');
  return { ackId, changes };
}

/** One change of a timed batch where it lies in the payload; one is filled per change by `scanTimedBatch`. */
export interface TimedSpan {
  op: 'store' | 'remove';
  /** The collection's BIN string: offset of its u16 length, and its byte count. */
  collectionStart: number;
  collectionLen: number;
  /** Offset of the key's u16 length (a store's value follows its bytes, see `KvTable.putBytes`). */
  start: number;
  keyLen: number;
  valueLen: number;
  expiresSec: number;
  at: number;
}

/**
 * Walks a timed batch without decoding its strings (checked as UTF-8 all
 * the same): `visit` gets each change's span, in order (the same object,
 * refilled). The whole batch is checked first, as `decodeTimedBatch`
 * does, with the same errors: a malformed batch visits nothing. Returns the ack id.
 */
export function scanTimedBatch(payload: Buffer, visit: (c: TimedSpan) => void): number {
  walk(payload, undefined);
  return walk(payload, visit);
}

const span: TimedSpan = { op: 'store', collectionStart: 0, collectionLen: 0, start: 0, keyLen: 0, valueLen: 0, expiresSec: 0, at: 0 };

function walk(payload: Buffer, visit: ((c: TimedSpan) => void) | undefined): number {
  const r = new BinReader(payload);
  const ackId = r.u32('timed batch ack id');
  const n = r.count('timed batch count', 0, MAX_BATCH);
  for (let i = 0; i < n; i++) {
    const type = r.i32(`timed batch change ${i} type`);
    if (type !== KvPacketType.INSERT && type !== KvPacketType.REMOVE) throw new WireError(WireCode.UNKNOWN_TYPE, `timed batch change ${i}: type ${type} is neither insert (1) nor remove (2)`);
    const store = type === KvPacketType.INSERT;
    const what = store ? 'insert' : 'remove';
    span.op = store ? 'store' : 'remove';
    span.collectionStart = r.offset;
    span.collectionLen = r.skipStr(`${what} collection`);
    span.start = r.offset;
    span.keyLen = r.skipStr(`${what} key`);
    span.valueLen = store ? r.skipStr('insert value') : 0;
    if (store) {
      const v = r.i32('insert expires');
      if (v < 0) throw new WireError(WireCode.BAD_VALUE, `insert expires is negative (${v}); expected seconds, 0 = never`);
      span.expiresSec = v;
    } else span.expiresSec = 0;
    const hi = r.u32(`timed batch change ${i} time high`);
    span.at = hi * 0x1_0000_0000 + r.u32(`timed batch change ${i} time low`);
    visit?.(span);
  }
  r.expectEnd('timed batch');
  return ackId;
}
