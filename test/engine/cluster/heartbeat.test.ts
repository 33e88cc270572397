import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Heartbeat } from '../../../src/engine/cluster/heartbeat.js';

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
});
