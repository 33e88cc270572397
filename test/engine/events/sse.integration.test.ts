import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { buildCluster, stopAll } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { httpGet } from '../../helpers/http-get.js';
import { tempDir } from '../../helpers/tmp.js';

/** Opens `GET path` on the socket and collects the body as it streams. */
function openStream(socketPath: string, path: string): Promise<{ res: IncomingMessage; text: () => string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET' }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      resolve({ res, text: () => text });
    });
    req.on('error', reject);
    req.end();
  });
}

test('GET /events: server-sent events, one data line of JSON per event, only the names asked; unknown names refused', async () => {
  const { dir, cleanup } = tempDir();
  const [m] = await buildCluster(dir, 1);
  const node = m!.node;
  const sock = m!.config.controlSocket;
  try {
    await node.start();
    const s = await openStream(sock, '/events?events=E_CLUSTERER_REQ_RECEIVED');
    assert.equal(s.res.statusCode, 200);
    assert.match(String(s.res.headers['content-type']), /^text\/event-stream/);
    await eventually(() => s.text().startsWith(': subscribed\n\n') && node.eventStreams.count === 1, { what: 'stream open' });
    await node.messaging.messenger.sendRpl(1, 1, 'not asked', '1-1-x');
    const { tag } = await node.messaging.messenger.sendReq(1, 1, 'hello');
    await eventually(() => s.text().includes('data: '), { what: 'one event on the stream' });
    const frames = s.text().split('\n\n').filter((f) => f.startsWith('data: '));
    assert.equal(frames.length, 1);
    const ev = JSON.parse(frames[0]!.slice('data: '.length)) as { event: string; params: Record<string, unknown> };
    assert.deepEqual([ev.event, ev.params], ['E_CLUSTERER_REQ_RECEIVED', { cluster_id: 1, src_id: 1, msg: 'hello', tag }]);
    s.res.destroy();
    await eventually(() => node.eventStreams.count === 0, { what: 'the node dropped the subscription' });

    const bad = await httpGet({ socketPath: sock }, '/events?events=E_NOPE');
    assert.equal(bad.status, 400);
    assert.match(bad.body, /"code":"CL_ERR_UNKNOWN_EVENT".*unknown event 'E_NOPE'; this node raises E_CLUSTERER_/);
  } finally {
    await stopAll([m!]);
    cleanup();
  }
});
