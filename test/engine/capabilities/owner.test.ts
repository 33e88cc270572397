import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rendezvousOwner } from '../../../src/engine/capabilities/index.js';

const keys = Array.from({ length: 20_000 }, (_, i) => `call-${i}@example.org`);

test('rendezvous owner: one owner per key, the same whatever the order of the nodes; none without nodes', () => {
  assert.equal(rendezvousOwner([], 'k'), null);
  for (const k of keys.slice(0, 500)) {
    const o = rendezvousOwner([1, 2, 3, 4, 5], k);
    assert.ok(o !== null && [1, 2, 3, 4, 5].includes(o));
    assert.equal(rendezvousOwner([5, 3, 1, 4, 2], k), o);
  }
});

test('rendezvous owner: keys spread evenly, and a join moves about 1/N of them, all to the newcomer', () => {
  const before = [1, 2, 3, 4];
  const counts = new Map<number, number>();
  let moved = 0;
  for (const k of keys) {
    const a = rendezvousOwner(before, k)!;
    counts.set(a, (counts.get(a) ?? 0) + 1);
    const b = rendezvousOwner([...before, 5], k)!;
    if (a !== b) {
      moved++;
      assert.equal(b, 5, 'a key only ever moves to the node that joined');
    }
  }
  for (const [id, n] of counts) assert.ok(Math.abs(n - keys.length / 4) < keys.length * 0.03, `node ${id} owns ${n} of ${keys.length}`);
  const share = moved / keys.length;
  assert.ok(share > 0.17 && share < 0.23, `a join moved ${(share * 100).toFixed(1)} % of the keys (1/5 expected)`);
});

test('rendezvous owner: a node leaving moves only the keys it owned', () => {
  for (const k of keys.slice(0, 5000)) {
    const a = rendezvousOwner([1, 2, 3, 4, 5], k)!;
    const b = rendezvousOwner([1, 2, 4, 5], k)!;
    if (a !== 3) assert.equal(b, a, k);
  }
});
