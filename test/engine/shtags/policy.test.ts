import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keepsTag, policyFlags, policyFromFlags, shouldTakeOver, type TagPolicy } from '../../../src/engine/shtags/index.js';

test('policy flags round-trip', () => {
  for (const onDown of ['none', 'takeover'] as const) {
    for (const onConflict of ['none', 'lowest_id', 'keep_oldest'] as const) {
      const p: TagPolicy = { onDown, onConflict };
      assert.deepEqual(policyFromFlags(policyFlags(p)), p);
    }
  }
  assert.equal(policyFlags({ onDown: 'none', onConflict: 'none' }), 0);
});

test('lowest_id: exactly one of two sides keeps the tag', () => {
  assert.equal(keepsTag('lowest_id', { id: 1, since: 900 }, { id: 2, since: 100 }), true);
  assert.equal(keepsTag('lowest_id', { id: 2, since: 100 }, { id: 1, since: 900 }), false);
});

test('keep_oldest: the earlier activation keeps it; ties and unknown times fall back to the id', () => {
  assert.equal(keepsTag('keep_oldest', { id: 2, since: 100 }, { id: 1, since: 900 }), true);
  assert.equal(keepsTag('keep_oldest', { id: 1, since: 900 }, { id: 2, since: 100 }), false);
  assert.equal(keepsTag('keep_oldest', { id: 2, since: 100 }, { id: 1, since: 100 }), false);
  assert.equal(keepsTag('keep_oldest', { id: 2, since: 100 }, { id: 1, since: undefined }), false);
  assert.equal(keepsTag('keep_oldest', { id: 1, since: 100 }, { id: 2, since: undefined }), true);
});

test('keepsTag is antisymmetric over many pairs (never both, never neither)', () => {
  for (let i = 0; i < 200; i++) {
    const a = { id: 1 + (i % 7), since: i % 3 === 0 ? undefined : (i * 37) % 11 };
    const b = { id: 8 + (i % 5), since: i % 4 === 0 ? undefined : (i * 13) % 11 };
    for (const rule of ['lowest_id', 'keep_oldest'] as const) assert.notEqual(keepsTag(rule, a, b), keepsTag(rule, b, a));
  }
});

test('takeover: only the lowest id among itself and the reachable holders', () => {
  assert.equal(shouldTakeOver(2, [3, 4]), true);
  assert.equal(shouldTakeOver(3, [2, 4]), false);
  assert.equal(shouldTakeOver(5, []), true);
});
