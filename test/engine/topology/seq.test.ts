import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedSeq, acceptSeq, forgetRun, newSeqStore, nextSeq, wireTimestamp, type SeqStore } from '../../../src/engine/topology/seq.js';

describe('seq acceptance test (§4.6)', () => {
  const table: Array<[string, SeqStore, number, number, boolean]> = [
    ['fresh store accepts 0', { seq: -1, ts: 0, epoch: -1 }, 0, 100, true],
    ['fresh store accepts 1', { seq: -1, ts: 0, epoch: -1 }, 1, 100, true],
    ['fresh store rejects −1 (a node that never sent an LS_UPDATE)', { seq: -1, ts: 0, epoch: -1 }, -1, 0, false],
    ['seq 0 again, same ts → duplicate', { seq: 0, ts: 100, epoch: -1 }, 0, 100, false],
    ['seq 0 again, older ts', { seq: 0, ts: 100, epoch: -1 }, 0, 99, false],
    ['seq 0 again, newer ts → restarted node', { seq: 0, ts: 100, epoch: -1 }, 0, 101, true],
    ['next seq after 0', { seq: 0, ts: 100, epoch: -1 }, 1, 100, true],
    ['same seq', { seq: 5, ts: 100, epoch: -1 }, 5, 200, false],
    ['older seq', { seq: 5, ts: 100, epoch: -1 }, 4, 100, false],
    ['newer seq', { seq: 5, ts: 100, epoch: -1 }, 6, 100, true],
    ['newer seq without a time (an own entry of a FULL_TOP_UPDATE)', { seq: 5, ts: 100, epoch: 90 }, 6, 0, true],
    ['a lower counter of a later second: a newer run whose seq 0 was missed', { seq: 22, ts: 100, epoch: 90 }, 4, 200, true],
    ['a higher counter of an earlier second: an older run (relayed by a node that missed the restart)', { seq: 4, ts: 200, epoch: 190 }, 22, 100, false],
    ['a lower counter without a stored time: the counter decides', { seq: 5, ts: 0, epoch: 90 }, 4, 200, false],
    ['seq 0 after a run we did not see start: accepted whatever the ts (as OpenSIPS)', { seq: 5, ts: 100, epoch: -1 }, 0, 50, true],
    ['late copy of the seq 0 that started the stored run → refused', { seq: 5, ts: 100, epoch: 90 }, 0, 90, false],
    ['seq 0 older than the stored run → refused', { seq: 5, ts: 100, epoch: 90 }, 0, 80, false],
    ['seq 0 of a later second than the stored run → restarted node', { seq: 5, ts: 100, epoch: 90 }, 0, 91, true],
    ['seq 0 with the epoch set and stored seq 0: the OpenSIPS rule still holds', { seq: 0, ts: 100, epoch: 100 }, 0, 100, false],
  ];
  for (const [name, stored, mseq, mts, expected] of table) {
    it(`${name}: (${stored.seq},${stored.ts}) vs (${mseq},${mts}) → ${expected}`, () => {
      assert.equal(acceptSeq(stored, mseq, mts), expected);
    });
  }

  it('accepting a seq 0 starts a new run; other values keep the run', () => {
    const a = acceptedSeq(newSeqStore(), 0, 90);
    assert.deepEqual(a, { seq: 0, ts: 90, epoch: 90 });
    const b = acceptedSeq(a, 3, 95);
    assert.deepEqual(b, { seq: 3, ts: 95, epoch: 90 });
    assert.equal(acceptSeq(b, 0, 90), false, 'a copy of the first message of the run');
  });

  it('once the run is forgotten (connection lost: maybe a restart), a seq 0 of the same second is accepted', () => {
    const run = acceptedSeq(acceptedSeq(newSeqStore(), 0, 90), 5, 90);
    assert.equal(acceptSeq(run, 0, 90), false, 'a copy while the node is known to live');
    const forgotten = forgetRun(run);
    assert.deepEqual(forgotten, { seq: 5, ts: 90, epoch: -1 });
    assert.equal(acceptSeq(forgotten, 0, 90), true, 'the restarted node, same second');
    assert.equal(acceptSeq(forgotten, 3, 90), false, 'other values still must be greater');
  });

  it('a run learned from a later message (its seq 0 never seen) refuses a late copy of its seq 0, and accepts a restart in a later second', () => {
    // Node X joined: we first hear its seq 5 directly, then its older updates relayed by others.
    const learned = acceptedSeq(newSeqStore(), 5, 90);
    assert.equal(learned.epoch, 90, 'the run started at the latest in second 90');
    assert.equal(acceptSeq(learned, 0, 90), false, 'a late copy of the run\'s seq 0 does not reset the counter');
    assert.equal(acceptSeq(learned, 0, 91), true, 'a restart in a later second');
    assert.equal(acceptSeq(forgetRun(learned), 0, 90), true, 'a restart in the same second, once its connection was lost');
  });

  it('stores start at seq −1, ts 0', () => {
    assert.deepEqual(newSeqStore(), { seq: -1, ts: 0, epoch: -1 });
  });

  it('own counters are incremented before use (first value 0) and wrap like an i32', () => {
    const s = newSeqStore();
    assert.equal(nextSeq(s), 0);
    assert.equal(nextSeq(s), 1);
    assert.equal(s.seq, 1);
    assert.equal(nextSeq({ seq: 2147483647, ts: 0, epoch: -1 }), -2147483648);
  });

  it('wire timestamps are Unix seconds truncated to i32', () => {
    assert.equal(wireTimestamp(1_700_000_000_999), 1_700_000_000);
    assert.equal(wireTimestamp(2 ** 31 * 1000), -(2 ** 31));
  });
});
