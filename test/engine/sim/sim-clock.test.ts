import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimClock } from '../../../src/engine/sim/sim-clock.js';

test('timers fire in time order (ties in the order set), only when time is advanced past them', async () => {
  const c = new SimClock(1000);
  const got: string[] = [];
  c.setTimeout(() => got.push('b@20'), 20);
  c.setTimeout(() => got.push('a@10'), 10);
  c.setTimeout(() => got.push('c@20'), 20);
  const cancelled = c.setTimeout(() => got.push('never'), 15);
  c.clearTimeout(cancelled);
  await c.advance(9);
  assert.deepEqual(got, []);
  assert.equal(c.now(), 1009);
  await c.advance(11);
  assert.deepEqual(got, ['a@10', 'b@20', 'c@20']);
  assert.equal(c.now(), 1020);
});

test('promise callbacks run between timers, and a timer set by a timer fires in the same advance when due', async () => {
  const c = new SimClock(0);
  const got: number[] = [];
  c.setTimeout(() => {
    void Promise.resolve().then(() => c.setTimeout(() => got.push(c.now()), 5));
  }, 5);
  await c.advance(10);
  assert.deepEqual(got, [10]);
});

test('until returns the exact simulated time at which the condition became true, and throws after its bound', async () => {
  const c = new SimClock(0);
  let flag = false;
  c.setTimeout(() => (flag = true), 37);
  assert.equal(await c.until(() => flag, 100), 37);
  await assert.rejects(c.until(() => false, 50, 'never true'), /never true: still false after 50 ms/);
  assert.equal(c.now(), 87);
});

test('a timer loop at one instant is cut off with an error instead of hanging', async () => {
  const c = new SimClock(0, { maxEventsPerInstant: 1000 });
  const again = (): void => void c.defer(again);
  again();
  await assert.rejects(c.advance(1), /timer loop/);
});
