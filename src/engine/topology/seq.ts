/**
 * Per-originator sequence numbers of LS_UPDATE, FULL_TOP_UPDATE and
 * CAP_UPDATE, and their acceptance test (reference §4.6).
 */

export interface SeqStore {
  seq: number;
  ts: number;
  /**
   * Timestamp of the last seq-0 message accepted from the originator (the
   * start of its current run of counters), −1 when none was seen.
   */
  epoch: number;
}

/** Nothing accepted yet (remote) / nothing sent yet (own counters). */
export function newSeqStore(): SeqStore {
  return { seq: -1, ts: 0, epoch: -1 };
}

/**
 * Is (mseq, mts) newer than what is stored? Any value but 0 must be greater,
 * unless the times (seconds) say the two are of different runs (below). seq 0 is how a restarted node starts over. OpenSIPS accepts it
 * unless it holds a seq-0 message at least as recent, so a late copy of a
 * seq-0 message — and flooding over a mesh delivers several copies of each —
 * takes the counter back to 0 and makes every later message of that node
 * acceptable (and flooded) again, at every node, round after round. Here a
 * seq 0 also has to be newer than the seq 0 that started the stored run:
 * a copy is refused, a restart (a later second) accepted. A restart within
 * the same second as the previous start would be taken for a copy; the run is
 * forgotten when the connection to the node is lost (forgetRun), which a
 * restart always causes.
 */
export function acceptSeq(stored: Readonly<SeqStore>, mseq: number, mts: number): boolean {
  if (mseq !== 0) {
    // Within one run the counter and the time both grow: a counter and a time
    // that disagree are from two runs, and the time tells which is newer. So a
    // run whose seq 0 was missed is not refused until its counter passes the
    // old one, and an entry of an older run (a FULL_TOP_UPDATE from a node
    // that missed the restart) does not overwrite the newer run. (A sender
    // whose clock steps back is refused until it passes the step again, as a
    // seq 0 already is.)
    if (mts > 0 && stored.ts > 0 && stored.seq >= 0) {
      if (mts < stored.ts) return false;
      if (mts > stored.ts && mseq < stored.seq) return true;
    }
    return mseq > stored.seq;
  }
  if (stored.epoch >= 0 && mts <= stored.epoch) return false;
  return !(stored.seq === 0 && mts <= stored.ts);
}

/**
 * The store once the originator may have restarted (its connection was lost):
 * the next seq 0 is judged by the OpenSIPS rule alone. Without this, a node
 * that restarts within the same second as its previous start has its
 * messages refused until its counter passes the stored one, and the others
 * keep a stale view of its links (a node down taken for reachable).
 */
export function forgetRun(stored: Readonly<SeqStore>): SeqStore {
  return { ...stored, epoch: -1 };
}

/**
 * The store after accepting (mseq, mts). When the seq 0 that started the
 * originator's run was not seen (the run was learned from a later message or
 * a FULL_TOP_UPDATE), the run started at the latest at `mts`: a seq 0 that
 * is not newer is a late copy from that run, not a restart. Copies travel
 * several paths, so an old seq 0 can arrive after seq 5; taken for a restart
 * it would reset the counter and re-apply every older update of the run
 * (links that went down shown Up again, and a dead node reachable through
 * them).
 */
export function acceptedSeq(stored: Readonly<SeqStore>, mseq: number, mts: number): SeqStore {
  return { seq: mseq, ts: mts, epoch: runBound(stored, mseq, mts) };
}

/** The epoch after accepting (mseq, mts): the start of the run, or a bound on it. */
export function runBound(stored: Readonly<SeqStore>, mseq: number, mts: number): number {
  if (mseq === 0 && mts > 0) return mts;
  if (stored.epoch >= 0 || mts <= 0) return stored.epoch;
  return mts;
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
