import { test } from 'node:test';
import { systemClock } from '../../../src/engine/clock.js';
import assert from 'node:assert/strict';
import { ReplyWaiters } from '../../../src/engine/messages/replies.js';

test('a collection ends once every expected node answered, keeping the first reply of each', async () => {
  const w = new ReplyWaiters({ ...systemClock, now: () => 42 });
  const c = w.collect('t1', 10_000);
  assert.equal(w.deliver('t1', 2, 'a'), true);
  assert.equal(w.deliver('t1', 2, 'again'), true);
  c.expect([2, 3]);
  assert.equal(w.size, 1);
  w.deliver('t1', 3, 'b');
  assert.deepEqual(await c.done, [{ srcId: 2, msg: 'a', time: 42 }, { srcId: 3, msg: 'b', time: 42 }]);
  assert.equal(w.size, 0);
  assert.equal(w.deliver('t1', 4, 'late'), false, 'after the end nobody waits');
});

test('a collection ends when its window closes, with what arrived; nothing expected ends at once', async () => {
  const w = new ReplyWaiters();
  const c = w.collect('t2', 30);
  w.deliver('t2', 5, 'x');
  w.deliver('other', 6, 'y');
  assert.deepEqual((await c.done).map((r) => r.srcId), [5]);
  const none = w.collect('t3', 10_000);
  none.expect([]);
  assert.deepEqual(await none.done, []);
  const cut = w.collect('t4', 10_000);
  w.finishAll();
  assert.deepEqual(await cut.done, []);
  assert.equal(w.size, 0);
});
