import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acceptSeq, newSeqStore, nextSeq, wireTimestamp } from '../../../src/engine/topology/seq.js';

describe('seq acceptance test (§4.6)', () => {
  const table: Array<[string, { seq: number; ts: number }, number, number, boolean]> = [
    ['fresh store accepts 0', { seq: -1, ts: 0 }, 0, 100, true],
    ['fresh store accepts 1', { seq: -1, ts: 0 }, 1, 100, true],
    ['fresh store rejects −1 (a node that never sent an LS_UPDATE)', { seq: -1, ts: 0 }, -1, 0, false],
    ['seq 0 again, same ts → duplicate', { seq: 0, ts: 100 }, 0, 100, false],
    ['seq 0 again, older ts', { seq: 0, ts: 100 }, 0, 99, false],
    ['seq 0 again, newer ts → restarted node', { seq: 0, ts: 100 }, 0, 101, true],
    ['next seq after 0', { seq: 0, ts: 100 }, 1, 100, true],
    ['same seq', { seq: 5, ts: 100 }, 5, 200, false],
    ['older seq', { seq: 5, ts: 100 }, 4, 200, false],
    ['newer seq', { seq: 5, ts: 100 }, 6, 50, true],
    ['restart at 0 accepted whatever the ts when stored ≠ 0', { seq: 5, ts: 100 }, 0, 50, true],
  ];
  for (const [name, stored, mseq, mts, expected] of table) {
    it(`${name}: (${stored.seq},${stored.ts}) vs (${mseq},${mts}) → ${expected}`, () => {
      assert.equal(acceptSeq(stored, mseq, mts), expected);
    });
  }

  it('stores start at seq −1, ts 0', () => {
    assert.deepEqual(newSeqStore(), { seq: -1, ts: 0 });
  });

  it('own counters are incremented before use (first value 0) and wrap like an i32', () => {
    const s = newSeqStore();
    assert.equal(nextSeq(s), 0);
    assert.equal(nextSeq(s), 1);
    assert.equal(s.seq, 1);
    assert.equal(nextSeq({ seq: 2147483647, ts: 0 }), -2147483648);
  });

  it('wire timestamps are Unix seconds truncated to i32', () => {
    assert.equal(wireTimestamp(1_700_000_000_999), 1_700_000_000);
    assert.equal(wireTimestamp(2 ** 31 * 1000), -(2 ** 31));
  });
});
