import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DENSE_ID, NodeSet } from '../../../src/engine/topology/node-set.js';

/** A small seeded generator, so a failure replays. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('NodeSet', () => {
  it('behaves as a Set<number> under random adds and deletes, dense and sparse ids alike', () => {
    const rnd = lcg(7);
    const ids = [0, 1, 31, 32, 33, 63, 64, 1000, MAX_DENSE_ID, MAX_DENSE_ID + 1, 2 ** 31 - 1, -5];
    for (let i = 0; i < 40; i++) ids.push(Math.floor(rnd() * 3000));
    const ours = new NodeSet();
    const ref = new Set<number>();
    for (let step = 0; step < 5000; step++) {
      const id = ids[Math.floor(rnd() * ids.length)]!;
      if (rnd() < 0.6) {
        ours.add(id);
        ref.add(id);
      } else assert.equal(ours.delete(id), ref.delete(id), `delete ${id} at step ${step}`);
      assert.equal(ours.size, ref.size);
      assert.equal(ours.has(id), ref.has(id));
    }
    const dense = [...ref].filter((id) => id >= 0 && id <= MAX_DENSE_ID).sort((a, b) => a - b);
    const sparse = [...ref].filter((id) => id < 0 || id > MAX_DENSE_ID);
    assert.deepEqual([...ours], [...dense, ...sparse], 'dense ids ascending, then the others');
    assert.deepEqual([...ours.entries()].map(([a]) => a), [...ours]);
  });

  it('assign copies another set and says whether anything changed; equals ignores how much room each took', () => {
    const a = new NodeSet([3, 900, 70_000]);
    const b = new NodeSet([3]);
    b.add(5000);
    b.delete(5000);
    assert.equal(b.equals(new NodeSet([3])), true, 'a grown word array with zeros is still equal');
    assert.equal(b.assign(a), true);
    assert.deepEqual([...b], [3, 900, 70_000]);
    assert.equal(b.assign(a), false);
    b.add(4);
    assert.deepEqual([...a], [3, 900, 70_000], 'a copy, not a shared array');
    const c = a.clone();
    c.delete(900);
    assert.deepEqual([...a], [3, 900, 70_000], 'a clone is a copy');
    assert.deepEqual([...c], [3, 70_000]);
    b.clear();
    assert.equal(b.size, 0);
    assert.deepEqual([...b], []);
  });
});
