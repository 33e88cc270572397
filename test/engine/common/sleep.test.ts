import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sleep } from '../../../src/engine/common/sleep.js';

test('sleep: resolves once the time passed; an abort ends an hour-long sleep at once, and an aborted signal does not sleep', async () => {
  const ac = new AbortController();
  await sleep(1, ac.signal);
  const long = sleep(3_600_000, ac.signal).then(() => 'woke');
  ac.abort();
  assert.equal(await long, 'woke');
  // Already aborted: no wait at all.
  assert.equal(await sleep(3_600_000, ac.signal).then(() => 'woke'), 'woke');
});
