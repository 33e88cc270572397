import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, linkSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { TIMING_PRESETS } from '../../../src/engine/config/presets.js';
import { encodeMessage } from '../../../src/engine/wire/index.js';
import { rawMi } from '../../helpers/cluster.js';
import { runCl, startNodeProcess } from '../../helpers/cli.js';
import { eventually } from '../../helpers/eventually.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';

const node0 = async (dir: string, name: string, extra: Record<string, unknown> = {}) => {
  const host = loopbackHost();
  const port = await freePort(host);
  return { host, port, cfg: { my_node_id: 1, db_mode: 0, my_node_info: `cluster_id=1, url=bin:${host}:${port}`, control_socket: join(dir, `${name}.sock`), log_level: 'info', ...extra } };
};

const stats = async (sock: string, group: string): Promise<Record<string, number>> => {
  const r = await runCl(['mi', 'get_statistics', JSON.stringify([group]), '-s', sock]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, number>;
};

/** Sends bytes to host:port from `localAddress`; resolves when the node closes the connection, with what it answered. */
function poke(host: string, port: number, bytes: Buffer, localAddress = '127.0.0.1'): Promise<Buffer> {
  return new Promise((resolve) => {
    const got: Buffer[] = [];
    const s = connect({ host, port, localAddress }, () => s.write(bytes));
    s.on('data', (d: Buffer) => got.push(d));
    s.on('error', () => {});
    s.on('close', () => resolve(Buffer.concat(got)));
    s.setTimeout(10_000, () => s.destroy());
  });
}

test('control socket: mode 0600; another node may not take over a live one (exit 7); a stale one is replaced; a file that is no socket is kept', async () => {
  const { dir, cleanup } = tempDir();
  const a = await node0(dir, 'a');
  const node = await startNodeProcess(dir, 'a', a.cfg);
  try {
    assert.equal(statSync(a.cfg.control_socket).mode & 0o777, 0o600);
    const b = await node0(dir, 'b', { control_socket: a.cfg.control_socket });
    writeFileSync(join(dir, 'b.yaml'), stringify(b.cfg));
    const dup = await runCl(['node', 'start', '-c', join(dir, 'b.yaml')]);
    assert.equal(dup.code, 7, dup.stderr);
    assert.match(dup.stderr, /control socket .* is in use by another running node/);
    assert.equal((await runCl(['mi', 'uptime', '-s', a.cfg.control_socket])).code, 0, 'the running node still answers');
  } finally {
    await node.stop();
  }
  // A socket file nobody answers on (a node killed with -9 leaves one).
  const stale = join(dir, 'stale.sock');
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(join(dir, 'tmp.sock'), r));
  linkSync(join(dir, 'tmp.sock'), stale);
  await new Promise<void>((r) => srv.close(() => r()));
  assert.ok(existsSync(stale));
  const c = await node0(dir, 'c', { control_socket: stale });
  const n2 = await startNodeProcess(dir, 'c', c.cfg);
  assert.equal((await n2.stop()), 0);
  // A regular file is never removed.
  const plain = join(dir, 'notes.txt');
  writeFileSync(plain, 'keep me');
  const d = await node0(dir, 'd', { control_socket: plain });
  writeFileSync(join(dir, 'd.yaml'), stringify(d.cfg));
  const r = await runCl(['node', 'start', '-c', join(dir, 'd.yaml')]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /exists and is not a socket/);
  assert.equal(readFileSync(plain, 'utf8'), 'keep me');
  cleanup();
});

test('a neighbour URL with an IPv6 address without brackets, or a host name, is a configuration error at start (exit 6)', async () => {
  const { dir, cleanup } = tempDir();
  for (const url of ['bin:fe80::1:5566', 'bin:node2.example.invalid:5566']) {
    const n = await node0(dir, 'v6', { neighbor_node_info: `cluster_id=1, node_id=2, url=${url}` });
    writeFileSync(join(dir, 'v6.yaml'), stringify(n.cfg));
    const r = await runCl(['node', 'start', '-c', join(dir, 'v6.yaml')]);
    assert.equal(r.code, 6, r.stderr);
    assert.match(r.stderr, /neighbor_node_info: Bad URL! .*(IPv6 address without brackets|host names are not resolved)/);
  }
  cleanup();
});

test('the BIN port: an oversized length prefix and an HTTP request hurt nothing and reach no MI method', async () => {
  const { dir, cleanup } = tempDir();
  const a = await node0(dir, 'bin');
  const node = await startNodeProcess(dir, 'bin', a.cfg);
  try {
    const huge = Buffer.alloc(8);
    huge.write('P4CK', 0, 'latin1');
    huge.writeUInt32LE(0x7fffffff, 4);
    assert.equal((await poke(a.host, a.port, huge)).length, 0, 'closed without an answer');
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'clusterer_set_status', params: [1, 1, 0], id: 1 });
    const http = Buffer.from(`POST /mi HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    assert.equal((await poke(a.host, a.port, http)).length, 0, 'no HTTP answer from the BIN port');
    const s = await stats(a.cfg.control_socket, 'bin:');
    assert.equal(s['bin:conn_frame_too_large'], 1);
    assert.equal(s['bin:bin_packets_dropped'], 2);
    const list = await runCl(['mi', 'clusterer_list', '-s', a.cfg.control_socket]);
    assert.equal(list.code, 0);
    assert.doesNotMatch(list.stdout, /disabled/);
    assert.equal((await runCl(['mi', 'uptime', '-s', a.cfg.control_socket])).code, 0, 'still running');
  } finally {
    await node.stop();
    cleanup();
  }
});

test('wire text in the log is escaped: a stranger\'s description cannot forge a log line', async () => {
  const { dir, cleanup } = tempDir();
  const a = await node0(dir, 'log');
  const node = await startNodeProcess(dir, 'log', a.cfg);
  try {
    const url = 'bin:1.2.3.4:5566\n2026-01-01T00:00:00.000Z ERROR [cl] forged\x1b[2J\x07';
    const frame = encodeMessage({ kind: 'node_description', clusterId: 1, srcId: 40, url, sipAddr: '', priority: 50, noPingRetries: 3, path: [40] });
    await poke(a.host, a.port, frame);
    await eventually(() => /refusing node \[40\]/.test(node.output()), { what: 'the refusal logged' });
    assert.ok(!/^2026-01-01T00:00:00\.000Z ERROR \[cl\] forged/m.test(node.output()), node.output());
    assert.ok(!/[\x00-\x08\x0b-\x1f\x7f]/.test(node.output().replace(/\n/g, '')), 'no raw control character');
    assert.match(node.output(), /bad URL "bin:1\.2\.3\.4:5566\\x0a2026-01-01T00:00:00\.000Z ERROR \[cl\] forged\\x1b\[2J\\x07"/);
  } finally {
    await node.stop();
    cleanup();
  }
});

test('mi_max_body: a larger control request is answered 413 and counted; the node carries on', async () => {
  const { dir, cleanup } = tempDir();
  const a = await node0(dir, 'body', { mi_max_body: 2048 });
  const node = await startNodeProcess(dir, 'body', a.cfg);
  try {
    const big = JSON.stringify({ jsonrpc: '2.0', method: 'uptime', params: { pad: 'x'.repeat(4096) }, id: 1 });
    assert.match(await rawMi(a.cfg.control_socket, big), /Request Entity Too Large \(mi_max_body is 2048 bytes\)/);
    const s = await stats(a.cfg.control_socket, 'control:');
    assert.equal(s['control:control_body_too_large'], 1);
  } finally {
    await node.stop();
    cleanup();
  }
});

test('db_mode 1: a node that is not in the clusterer table is never listed; its packets are dropped and counted', async () => {
  const { dir, cleanup } = tempDir();
  const dbUrl = `sqlite://${join(dir, 'cl.db')}`;
  const hostA = loopbackHost();
  const portA = await freePort(hostA);
  const hostX = loopbackHost();
  const portX = await freePort(hostX);
  const started: Awaited<ReturnType<typeof startNodeProcess>>[] = [];
  try {
    assert.equal((await runCl(['db', 'init', '--db-url', dbUrl])).code, 0);
    assert.equal((await runCl(['db', 'node', 'add', '1', '1', `bin:${hostA}:${portA}`, '--db-url', dbUrl])).code, 0);
    const sockA = join(dir, 'a.sock');
    started.push(await startNodeProcess(dir, 'a', { my_node_id: 1, db_url: dbUrl, ...TIMING_PRESETS.test, control_socket: sockA, log_level: 'info' }));
    // The stranger: a db_mode 0 node that knows node 1 and pings it.
    started.push(await startNodeProcess(dir, 'x', {
      my_node_id: 9, db_mode: 0, my_node_info: `cluster_id=1, url=bin:${hostX}:${portX}`, neighbor_node_info: `cluster_id=1, node_id=1, url=bin:${hostA}:${portA}`,
      ...TIMING_PRESETS.test, control_socket: join(dir, 'x.sock'), log_level: 'warn',
    }));
    await eventually(async () => ((await stats(sockA, 'bin:'))['bin:refused_non_member'] ?? 0) >= 3, { timeoutMs: 15_000, what: 'the stranger\'s pings refused' });
    const list = await runCl(['mi', 'clusterer_list', '-s', sockA]);
    assert.equal(list.code, 0);
    const nodes = (JSON.parse(list.stdout) as { Clusters: { Nodes?: unknown[] }[] }).Clusters[0]?.Nodes ?? [];
    assert.deepEqual(nodes, []);
    const lines = started[0]!.output().split('\n').filter((l) => /unknown source id \[9\]/.test(l));
    assert.equal(lines.length, 1, 'logged once a minute, not per packet');
    assert.match(lines[0]!, new RegExp(`from ${hostX.replace(/\./g, '\\.')} in cluster \\[1\\]: not in the clusterer table`));
  } finally {
    for (const p of started) await p.stop();
    cleanup();
  }
});
