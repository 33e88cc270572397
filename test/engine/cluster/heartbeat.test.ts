import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Heartbeat } from '../../../src/engine/cluster/heartbeat.js';
import { systemClock } from '../../../src/engine/clock.js';

describe('heartbeat timer', () => {
  it('ticks on wall-clock multiples of its period', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 10_250 });
    const at: number[] = [];
    const hb = new Heartbeat(1000, () => at.push(Date.now()));
    hb.start();
    t.mock.timers.tick(749);
    assert.deepEqual(at, [], 'not before the next multiple');
    t.mock.timers.tick(1);
    assert.deepEqual(at, [11_000]);
    t.mock.timers.tick(1000);
    t.mock.timers.tick(1000);
    assert.deepEqual(at, [11_000, 12_000, 13_000]);
    hb.stop();
    t.mock.timers.tick(5000);
    assert.equal(at.length, 3, 'nothing after stop');
  });

  it('kicks in one turn of the event loop make one tick, and none once stopped', async () => {
    let ticks = 0;
    const hb = new Heartbeat(60_000, () => ticks++);
    hb.start();
    hb.kick();
    hb.kick();
    hb.kick();
    await new Promise((r) => setImmediate(r));
    assert.equal(ticks, 1);
    hb.kick();
    hb.stop();
    await new Promise((r) => setImmediate(r));
    assert.equal(ticks, 1, 'a kick pending at stop does not tick');
    hb.kick();
    await new Promise((r) => setImmediate(r));
    assert.equal(ticks, 1);
  });

  it('a timer firing late or early reports its skew from the multiple it was set for: tick times stay exactly a period apart', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let wall = 10_250;
    const ticks: { wall: number; at: number }[] = [];
    const hb = new Heartbeat(200, (skew) => ticks.push({ wall, at: wall + skew }), { ...systemClock, now: () => wall });
    hb.start(); // first multiple: 10_400, in 150 ms
    const fire = (waitMs: number, lateMs: number): void => {
      wall += waitMs + lateMs;
      t.mock.timers.tick(waitMs);
    };
    fire(150, 3); // late by 3 → next multiple 10_600 is 197 ms away
    fire(197, -1); // early by 1 → the next one is 10_800, 201 ms away, not 10_600 again
    fire(201, 0);
    fire(200, 12);
    hb.stop();
    assert.deepEqual(ticks.map((x) => x.wall), [10_403, 10_599, 10_800, 11_012]);
    assert.deepEqual(ticks.map((x) => x.at), [10_400, 10_600, 10_800, 11_000]);
  });
});
