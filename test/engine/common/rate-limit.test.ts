import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heldNote, RateLimiter } from '../../../src/engine/common/rate-limit.js';

test('one event per key per window; the next one says how many were held back', () => {
  let now = 0;
  const r = new RateLimiter({ windowMs: 60_000, now: () => now });
  assert.deepEqual(r.take('a'), { pass: true, held: 0 });
  for (let i = 0; i < 577; i++) assert.deepEqual(r.take('a'), { pass: false });
  assert.deepEqual(r.take('b'), { pass: true, held: 0 }, 'keys are independent');
  now = 59_999;
  assert.deepEqual(r.take('a'), { pass: false });
  now = 60_000;
  assert.deepEqual(r.take('a'), { pass: true, held: 578 });
  assert.equal(heldNote(578), ' (578 more since the last report)');
  assert.equal(heldNote(0), '');
  r.clear();
  assert.deepEqual(r.take('a'), { pass: true, held: 0 });
});

test('the table of keys is bounded: a flood of sources forgets the oldest', () => {
  const r = new RateLimiter({ windowMs: 60_000, now: () => 0, maxKeys: 100 });
  for (let i = 0; i < 10_000; i++) r.take(`src${i}`);
  assert.equal(r.size, 100);
  assert.equal(r.take('src9999').pass, false, 'recent keys are kept');
  assert.equal(r.take('src0').pass, true, 'the oldest were forgotten');
});
