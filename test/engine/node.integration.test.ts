import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { ControlClient } from '../../src/client/control-client.js';
import { ClientError } from '../../src/client/errors.js';
import { isClError } from '../../src/engine/errors.js';
import { encodeMessage } from '../../src/engine/wire/index.js';
import { bytesOf, loadAllVectors, prng } from './wire/vectors.js';
import { eventually } from '../helpers/eventually.js';
import { makeNode } from '../helpers/node.js';
import { freePort, loopbackHost } from '../helpers/ports.js';
import { tempDir } from '../helpers/tmp.js';

async function baseNode(dir: string, extra: Record<string, unknown> = {}) {
  const host = loopbackHost();
  const port = await freePort(host);
  return makeNode(dir, {
    my_node_id: 1,
    db_mode: 0,
    my_node_info: `cluster_id=1, url=bin:${host}:${port}`,
    log_level: 'warn',
    ...extra,
  });
}

test('control socket (0600) and mi_http answer MI; stop removes the socket file', async () => {
  const { dir, cleanup } = tempDir();
  const httpPort = await freePort();
  const { node, config } = await baseNode(dir, { mi_http: `127.0.0.1:${httpPort}` });
  await node.start();
  try {
    const { statSync } = await import('node:fs');
    assert.equal(statSync(config.controlSocket).mode & 0o777, 0o600);
    const viaSocket = new ControlClient({ socketPath: config.controlSocket, timeoutMs: 2000 });
    const viaHttp = new ControlClient({ url: `http://127.0.0.1:${httpPort}/mi`, timeoutMs: 2000 });
    for (const c of [viaSocket, viaHttp]) {
      const which = (await c.call('which')) as string[];
      assert.ok(which.includes('uptime') && which.includes('sr_list_status'));
      assert.match(((await c.call('version')) as { Server: string }).Server, /^cl \(/);
      await assert.rejects(c.callRaw('no_such_method'), (e: unknown) => e instanceof ClientError && e.rpcCode === -32601);
      await c.close();
    }
  } finally {
    await node.stop();
    cleanup();
  }
  assert.equal(existsSync(config.controlSocket), false);
});

test('a second node cannot take the same control socket or BIN address', async () => {
  const { dir, cleanup } = tempDir();
  const a = await baseNode(dir);
  await a.node.start();
  try {
    const sameBin = makeNode(dir, { my_node_id: 2, db_mode: 0, my_node_info: `cluster_id=1, url=${a.config.myNodeInfo[0]!.url}`, log_level: 'silent' });
    await assert.rejects(sameBin.node.start(), (e: unknown) => isClError(e, 'CL_ERR_ADDR_IN_USE'));
    const other = await baseNode(dir, { control_socket: a.config.controlSocket });
    await assert.rejects(other.node.start(), (e: unknown) => isClError(e, 'CL_ERR_ADDR_IN_USE') && /control socket/.test((e as Error).message));
    assert.ok(existsSync(a.config.controlSocket), 'the running node keeps its socket');
  } finally {
    await a.node.stop();
    cleanup();
  }
});

function send(host: string, port: number, frames: Buffer[]): Promise<void> {
  return new Promise((resolve) => {
    const s: Socket = connect({ host, port }, () => {
      for (const f of frames) s.write(f);
      s.end();
    });
    s.on('error', () => resolve());
    s.on('close', () => resolve());
    s.resume();
  });
}

test('10,000 random and mutated frames do not take the node down', async () => {
  const { dir, cleanup } = tempDir();
  const { node, config } = await baseNode(dir);
  await node.start();
  const { host, port } = config.socket[0]!;
  const rand = prng(0xc1);
  const vectors = loadAllVectors().flatMap((f) => f.messages.map(bytesOf));
  const frames: Buffer[] = [];
  try {
    for (let i = 0; i < 10_000; i++) {
      const base = Buffer.from(vectors[Math.floor(rand() * vectors.length)]!);
      const kind = i % 10;
      if (kind === 0) {
        // raw garbage: breaks framing, the node closes that connection
        const junk = Buffer.alloc(1 + Math.floor(rand() * 64));
        for (let j = 0; j < junk.length; j++) junk[j] = Math.floor(rand() * 256);
        await send(host, port, [junk]);
        frames.push(junk);
        continue;
      }
      // well framed, mutated body: the decoder must reject or accept it cleanly
      for (let m = 0; m < 1 + Math.floor(rand() * 4); m++) {
        const at = 10 + Math.floor(rand() * (base.length - 10));
        base[at] = Math.floor(rand() * 256);
      }
      frames.push(base);
    }
    const framed = frames.filter((_f, i) => i % 10 !== 0);
    for (let i = 0; i < framed.length; i += 500) await send(host, port, framed.slice(i, i + 500));
    // a valid packet still gets through afterwards
    await send(host, port, [encodeMessage({ kind: 'ping', clusterId: 1, srcId: 7, reqNodeList: 1 })]);
    const client = new ControlClient({ socketPath: config.controlSocket, timeoutMs: 2000 });
    const stats = await eventually(async () => {
      const s = (await client.call('get_statistics', [['bin:']])) as Record<string, number>;
      return s['bin:bin_packets_received']! + s['bin:bin_packets_dropped']! >= 1000 ? s : undefined;
    });
    assert.ok(stats!['bin:bin_packets_dropped']! > 0, 'mutations were rejected');
    const up = (await client.call('uptime')) as Record<string, string>;
    assert.match(up['Up time']!, /\[sec\]$/);
    await client.close();
  } finally {
    await node.stop();
    cleanup();
  }
  assert.equal(frames.length, 10_000);
});
