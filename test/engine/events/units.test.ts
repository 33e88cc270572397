import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSubscription } from '../../../src/engine/control/events-stream.js';
import { eventEnv, envName } from '../../../src/engine/events/exec-runner.js';
import { busNames, selects } from '../../../src/engine/events/filter.js';
import { Limiter } from '../../../src/engine/events/limiter.js';

const ev = { name: 'E_CLUSTERER_REQ_RECEIVED', params: { cluster_id: 1, src_id: 2, msg: 'hi', tag: 't' }, time: 5 };

test('selectors match names (empty or * = all) and params compared as text', () => {
  assert.ok(selects({ names: [], filter: {} }, ev));
  assert.ok(selects({ names: ['*'], filter: { cluster_id: '1' } }, ev));
  assert.ok(selects({ names: ['E_CLUSTERER_REQ_RECEIVED'], filter: { src_id: '2', msg: 'hi' } }, ev));
  assert.ok(!selects({ names: ['E_CLUSTERER_RPL_RECEIVED'], filter: {} }, ev));
  assert.ok(!selects({ names: [], filter: { cluster_id: '2' } }, ev));
  assert.ok(!selects({ names: [], filter: { nosuch: '1' } }, ev));
  assert.deepEqual(busNames(['*', 'E_X']), []);
  assert.deepEqual(busNames(['E_X']), ['E_X']);
});

test('subscription bodies: names and filters validated, empty body = everything', () => {
  assert.deepEqual(parseSubscription(''), { names: [], filter: {} });
  assert.deepEqual(parseSubscription('{"events":["E_A"],"filter":{"cluster_id":1}}'), { names: ['E_A'], filter: { cluster_id: '1' } });
  assert.equal(parseSubscription('nope'), 'body is not JSON');
  assert.equal(parseSubscription('[]'), 'body must be a JSON object');
  assert.match(String(parseSubscription('{"events":["a b"]}')), /list of event names/);
  assert.match(String(parseSubscription('{"filter":{"x":[1]}}')), /string or number/);
});

test('exec handlers see every param as CL_<NAME>', () => {
  assert.equal(envName('cluster_id'), 'CL_CLUSTER_ID');
  assert.equal(envName('new-state'), 'CL_NEW_STATE');
  assert.deepEqual(eventEnv(ev), { CL_EVENT: 'E_CLUSTERER_REQ_RECEIVED', CL_EVENT_TIME: '5', CL_CLUSTER_ID: '1', CL_SRC_ID: '2', CL_MSG: 'hi', CL_TAG: 't' });
});

test('the limiter runs at most N jobs, queues a bounded number and refuses the rest', async () => {
  const l = new Limiter(2, 1);
  const gates: (() => void)[] = [];
  let finished = 0;
  const job = () => new Promise<void>((r) => gates.push(() => (finished++, r())));
  assert.equal(l.run(job), true);
  assert.equal(l.run(job), true);
  assert.equal(l.run(job), true);
  assert.equal(l.run(job), false, 'queue full');
  assert.deepEqual([l.running, l.waiting], [2, 1]);
  gates.shift()!();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual([l.running, l.waiting, finished], [2, 0, 1]);
  assert.equal(l.run(job), true);
  assert.equal(l.clear(), 1);
  for (const g of gates.splice(0)) g();
  await new Promise((r) => setImmediate(r));
  assert.equal(l.running, 0);
});
