import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { subscribeEvents, type StreamedEvent } from '../../../src/client/event-stream.js';
import { isClError } from '../../../src/engine/errors.js';
import { buildCluster, stopAll } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { tempDir } from '../../helpers/tmp.js';

function post(socketPath: string, path: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'POST', timeout: 3000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('POST /events streams matching events as NDJSON; subscriptions end on disconnect and on node stop', async () => {
  const { dir, cleanup } = tempDir();
  const [m] = await buildCluster(dir, 1);
  const node = m!.node;
  const target = { socketPath: m!.config.controlSocket, timeoutMs: 3000 };
  try {
    await node.start();
    const busSubscribers = node.events.subscriberCount;
    const got: StreamedEvent[] = [];
    const ac = new AbortController();
    let opened = false;
    const done = subscribeEvents(target, { events: ['E_CLUSTERER_REQ_RECEIVED'], filter: { msg: 'keep' }, signal: ac.signal, onOpen: () => (opened = true) }, (ev) => got.push(ev));
    await eventually(() => opened && node.eventStreams.count === 1, { what: 'subscription open' });
    await node.messaging.messenger.sendReq(1, 1, 'drop');
    await node.messaging.messenger.sendRpl(1, 1, 'keep', '1-1-x');
    const { tag } = await node.messaging.messenger.sendReq(1, 1, 'keep');
    await eventually(() => got.length === 1, { what: 'one matching event' });
    assert.deepEqual(got[0], { event: 'E_CLUSTERER_REQ_RECEIVED', params: { cluster_id: 1, src_id: 1, msg: 'keep', tag }, time: got[0]!.time });
    ac.abort();
    await done;
    await eventually(() => node.eventStreams.count === 0, { what: 'the node dropped the subscription' });
    assert.equal(node.events.subscriberCount, busSubscribers, 'the stream left the bus');

    const bad = await post(target.socketPath, '/events', '{"events":"x"}');
    assert.equal(bad.status, 400);
    assert.match(bad.text, /'events' must be a list/);

    const all: StreamedEvent[] = [];
    const stopped = subscribeEvents(target, { events: [], filter: {} }, (ev) => all.push(ev));
    await eventually(() => node.eventStreams.count === 1, { what: 'second subscription open' });
    await node.messaging.messenger.sendReq(1, 1, 'any');
    await eventually(() => all.length === 1);
    const ended = assert.rejects(stopped, (err: unknown) => isClError(err, 'CL_ERR_NODE_UNREACHABLE') && /closed the event stream/.test((err as Error).message));
    await node.stop();
    await ended;
    assert.equal(node.eventStreams.count, 0);
  } finally {
    await stopAll([m!]);
    cleanup();
  }
});
