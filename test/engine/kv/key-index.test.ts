import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyIndex } from '../../../src/engine/kv/key-index.js';

/** Keys are u32 numbers in a buffer; a few hashes are forced equal so that probe chains form. */
function fixture(): { index: KeyIndex; keyOf: (k: number) => Buffer; hashOfKey: (k: number) => number; ridOf: Map<number, number> } {
  const keys: number[] = [];
  const hashOfKey = (k: number): number => (k % 7 === 0 ? 12345 : Math.imul(k, 0x9e3779b1) | 0);
  const keyOf = (k: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(k);
    return b;
  };
  const index = new KeyIndex({
    hashOf: (rid) => hashOfKey(keys[rid]!),
    matches: (rid, h, src, off) => hashOfKey(keys[rid]!) === h && src.readUInt32LE(off) === keys[rid],
  });
  const ridOf = new Map<number, number>();
  const origInsert = index.insert.bind(index);
  index.insert = (rid, h) => {
    keys[rid] = [...ridOf].find(([, r]) => r === rid)![0];
    origInsert(rid, h);
  };
  return { index, keyOf, hashOfKey, ridOf };
}

test('key index: every key found through many incremental growths, removals during them included, colliding hashes too', () => {
  const { index, keyOf, hashOfKey, ridOf } = fixture();
  const find = (k: number): number => index.find(hashOfKey(k), keyOf(k), 0, 4);
  let rid = 0;
  for (let k = 1; k <= 3000; k++) {
    ridOf.set(k, rid);
    index.insert(rid++, hashOfKey(k));
    if (k % 5 === 0) {
      // Removed while a growth may be moving slots: never found again, the others still are.
      const gone = k - 3;
      index.remove(ridOf.get(gone)!, hashOfKey(gone));
      ridOf.delete(gone);
    }
    if (k % 250 === 0) for (const [key, r] of ridOf) assert.equal(find(key), r, `key ${key} after ${k} inserts`);
  }
  for (let k = 1; k <= 3000; k++) assert.equal(find(k), ridOf.get(k) ?? -1, `key ${k}`);
  assert.equal(find(999_999), -1);
});
