import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLOCK_RECORDS, Records } from '../../../src/engine/kv/records.js';

test('records: fields survive growth past the first block; the first block doubles, later ones are added whole', () => {
  const r = new Records();
  const n = BLOCK_RECORDS * 2 + 10;
  for (let rid = 0; rid < n; rid++) {
    r.ensure(rid + 1);
    r.setFlag(rid, 1 + (rid % 2));
    r.setPlace(rid, rid % 100, rid);
    r.setLens(rid, rid % 50, rid % 70);
    r.setHash(rid, -rid);
    r.setTimes(rid, rid * 1000, rid + 0.5);
  }
  assert.equal(r.capacity, BLOCK_RECORDS * 3);
  for (let rid = 0; rid < n; rid += 997) {
    assert.deepEqual([r.flag(rid), r.seg(rid), r.off(rid), r.klen(rid), r.vlen(rid), r.hash(rid), r.exp(rid), r.upd(rid)], [1 + (rid % 2), rid % 100, rid, rid % 50, rid % 70, -rid | 0, rid * 1000, rid + 0.5]);
  }
  r.clear();
  assert.ok(r.capacity < BLOCK_RECORDS);
});
