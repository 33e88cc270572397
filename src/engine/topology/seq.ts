/**
 * Per-originator sequence numbers of LS_UPDATE, FULL_TOP_UPDATE and
 * CAP_UPDATE, and their acceptance test (reference §4.6).
 */

export interface SeqStore {
  seq: number;
  ts: number;
}

/** Nothing accepted yet (remote) / nothing sent yet (own counters). */
export function newSeqStore(): SeqStore {
  return { seq: -1, ts: 0 };
}

/**
 * Is (mseq, mts) newer than what is stored? seq 0 is how a restarted node
 * starts over, so it is accepted unless we already hold a seq-0 message at
 * least as recent; any other value must simply be greater.
 */
export function acceptSeq(stored: Readonly<SeqStore>, mseq: number, mts: number): boolean {
  if (mseq === 0) return !(stored.seq === 0 && mts <= stored.ts);
  return mseq > stored.seq;
}

/** Next value of an own counter (incremented before use, so the first is 0), wrapping like an i32. */
export function nextSeq(store: SeqStore): number {
  store.seq = (store.seq + 1) | 0;
  return store.seq;
}

/** The wire timestamp: Unix seconds truncated to a signed 32-bit int, from a ms clock. */
export function wireTimestamp(nowMs: number): number {
  return Math.floor(nowMs / 1000) | 0;
}
