import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type Server } from 'node:net';
import { encodeMessage } from '../../../src/engine/wire/index.js';
import { eventually } from '../../helpers/eventually.js';
import { makeNode } from '../../helpers/node.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';

/** A plain TCP listener that counts the connections it gets. */
async function counter(host: string): Promise<{ server: Server; port: number; count: () => number }> {
  let n = 0;
  const server = createServer((s) => {
    n++;
    s.destroy();
  });
  const port = await freePort(host);
  await new Promise<void>((r) => server.listen(port, host, r));
  return { server, port, count: () => n };
}

function sendFrame(host: string, port: number, frame: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const s = connect({ host, port, localAddress: host }, () => s.end(frame));
    s.on('error', () => resolve());
    s.on('close', () => resolve());
    s.resume();
  });
}

const describe = (srcId: number, url: string): Buffer =>
  encodeMessage({ kind: 'node_description', clusterId: 1, srcId, url, sipAddr: '', priority: 50, noPingRetries: 3, path: [srcId] });

test('a node without tls settings never contacts a bins: node it learned in plain text', async () => {
  const { dir, cleanup } = tempDir();
  const host = loopbackHost();
  const port = await freePort(host);
  const tls = await counter(host);
  const plain = await counter(host);
  const a = makeNode(dir, { my_node_id: 1, db_mode: 0, my_node_info: `cluster_id=1, url=bin:${host}:${port}`, ping_interval: 1 });
  await a.node.start();
  try {
    await sendFrame(host, port, describe(9, `bins:${host}:${tls.port}`));
    await sendFrame(host, port, describe(8, `bin:${host}:${plain.port}`));
    // The bin: node is contacted: this is how contact would show.
    await eventually(() => plain.count() > 0, { timeoutMs: 5000, intervalMs: 50, what: 'a connection to the bin: node' });
    assert.ok(a.node.api.getNodes(1).some((n) => n.nodeId === 9), 'the bins: node is known');
    // The node pings every second and the bin: peer drops each connection, so
    // each new connection there is a ping round in which node 9 was due too.
    await eventually(() => plain.count() >= 3, { timeoutMs: 10_000, intervalMs: 50, what: 'three ping rounds' });
    assert.equal(tls.count(), 0, 'no plain-text connection to the bins: address');
    assert.ok(a.logs.some((r) => r.level === 'warn' && /cannot reach bins:.*: it is a TLS \(bins:\) address and this node has no tls settings/.test(r.msg)), JSON.stringify(a.logs.map((r) => r.msg)));
  } finally {
    await a.node.stop();
    tls.server.close();
    plain.server.close();
    cleanup();
  }
});
