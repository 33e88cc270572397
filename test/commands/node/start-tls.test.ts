import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { encodeMessage } from '../../../src/engine/wire/index.js';
import { Pki, tlsSection } from '../../helpers/certs.js';
import { runCl, startNodeProcess, type NodeProcess } from '../../helpers/cli.js';
import { eventually } from '../../helpers/eventually.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';

const cases: Array<[string, string, RegExp]> = [
  ['socket', 'my_node_id: 1\ndb_mode: 0\nmy_node_info: "cluster_id=1, url=bin:127.0.0.1:5566"\nsocket: "bins:127.0.0.1:5566"\n', /socket: bins:127\.0\.0\.1:5566 is a TLS \(bins:\) address but the configuration has no tls section/],
  ['my_node_info', 'my_node_id: 1\ndb_mode: 0\nmy_node_info: "cluster_id=1, url=bins:127.0.0.1:5566"\n', /my_node_info: bins:127\.0\.0\.1:5566 is a TLS \(bins:\) address but the configuration has no tls section/],
  ['neighbor_node_info', 'my_node_id: 1\ndb_mode: 0\nmy_node_info: "cluster_id=1, url=bin:127.0.0.1:5566"\nneighbor_node_info: "cluster_id=1, node_id=2, url=bins:127.0.0.2:5566"\n', /neighbor_node_info: bins:127\.0\.0\.2:5566 is a TLS/],
];

test('node start: a bins: (TLS) address without a tls section is a configuration error (exit 6), never a plain listener', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const [name, yaml, re] of cases) {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, `${yaml}control_socket: ${join(dir, `${name}.sock`)}\n`);
      const r = await runCl(['node', 'start', '-c', file]);
      assert.equal(r.code, 6, `${name}: ${r.stderr}`);
      assert.match(r.stderr, re, name);
    }
    const file = join(dir, 'flag.yaml');
    writeFileSync(file, `my_node_id: 1\ndb_mode: 0\nmy_node_info: "cluster_id=1, url=bin:127.0.0.1:5566"\ncontrol_socket: ${join(dir, 'flag.sock')}\n`);
    const r = await runCl(['node', 'start', '-c', file, '--socket', 'bins:127.0.0.1:5566']);
    assert.equal(r.code, 6, r.stderr);
    assert.match(r.stderr, /is a TLS \(bins:\) address but the configuration has no tls section/);
  } finally {
    cleanup();
  }
});

const pki = new Pki();
after(() => pki.cleanup());

/** Sends bytes to host:port; resolves when the node closes the connection. */
function poke(host: string, port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const s = connect({ host, port, localAddress: '127.0.0.1' }, () => s.write(bytes));
    s.on('error', () => {});
    s.on('close', () => resolve());
    s.resume();
    s.setTimeout(10_000, () => s.destroy());
  });
}

const upNodes = async (sock: string): Promise<number[]> => {
  const r = await runCl(['mi', 'clusterer_list', '-s', sock]);
  if (r.code !== 0) return [];
  const list = JSON.parse(r.stdout) as { Clusters: Array<{ Nodes?: Array<{ node_id: number; link_state: string }> }> };
  return (list.Clusters[0]?.Nodes ?? []).filter((n) => n.link_state === 'Up').map((n) => n.node_id);
};

test('node start (built CLI): a TLS pair converges; plain BIN and an oversized length prefix on the TLS port hurt nothing; SIGHUP reloads', async () => {
  const { dir, cleanup } = tempDir();
  const ca = pki.ca('cli-ca');
  const hosts = [loopbackHost(), loopbackHost()];
  const ports = [await freePort(hosts[0]!), await freePort(hosts[1]!)];
  const url = (i: number) => `bins:${hosts[i]}:${ports[i]}`;
  const cfg = (i: number) => ({
    my_node_id: i + 1, db_mode: 0, my_node_info: `cluster_id=1, url=${url(i)}`, neighbor_node_info: `cluster_id=1, node_id=${2 - i}, url=${url(1 - i)}`,
    control_socket: join(dir, `n${i}.sock`), log_level: 'info', timing_preset: 'test',
    tls: tlsSection(pki.node(`cli${i + 1}`, ca), ca),
  });
  const nodes: NodeProcess[] = [];
  try {
    nodes.push(await startNodeProcess(dir, 'n0', cfg(0)));
    nodes.push(await startNodeProcess(dir, 'n1', cfg(1)));
    const sock = String(cfg(0).control_socket);
    await eventually(async () => (await upNodes(sock)).includes(2), { timeoutMs: 15_000, what: 'node 1 sees node 2 Up over TLS' });
    assert.match(nodes[0]!.output(), new RegExp(`up: BIN ${url(0).replace(/\./g, '\\.')}`));
    const header = Buffer.alloc(8);
    header.write('P4CK', 0, 'latin1');
    header.writeUInt32LE(0xffffffff, 4);
    const ping = encodeMessage({ kind: 'ping', clusterId: 1, srcId: 2, reqNodeList: 0 });
    await poke(hosts[0]!, ports[0]!, ping);
    await poke(hosts[0]!, ports[0]!, header);
    const st = JSON.parse((await runCl(['mi', 'get_statistics', JSON.stringify(['bin:']), '-s', sock])).stdout) as Record<string, number>;
    assert.equal(st['bin:tls_handshake_failed'], 2, JSON.stringify(st));
    assert.equal(st['bin:tls_refused'], 0);
    assert.deepEqual(await upNodes(sock), [2], 'the link is still Up');
    assert.match(nodes[0]!.output(), /tls handshake failed .*not a TLS client: plain BIN on a bins: listener\?/);
    nodes[0]!.child.kill('SIGHUP');
    await eventually(() => /TLS certificate .*cli1\.pem \(CN=cli1, valid until .*\) and 1 CA certificate\(s\) loaded/.test(nodes[0]!.output()), { what: 'reloaded on SIGHUP' });
    assert.deepEqual(await upNodes(sock), [2], 'the link survived the reload');
    assert.equal((await runCl(['mi', 'clusterer_reload', '-s', sock])).code, 0);
  } finally {
    for (const n of nodes) await n.stop();
    cleanup();
  }
});

test('node start: unreadable or invalid TLS files exit 6 naming the file', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const ca = pki.ca('bad-ca');
    const files = pki.node('bad1', ca);
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'nothing here');
    const base = `my_node_id: 1\ndb_mode: 0\nmy_node_info: "cluster_id=1, url=bins:127.0.0.1:5566"\ncontrol_socket: ${join(dir, 'x.sock')}\n`;
    const file = join(dir, 'x.yaml');
    writeFileSync(file, `${base}tls: {certificate: ${join(dir, 'missing.pem')}, private_key: ${files.key}, ca_list: ${junk}}\n`);
    const r = await runCl(['node', 'start', '-c', file]);
    assert.equal(r.code, 6, r.stderr);
    assert.match(r.stderr, /tls\.certificate: cannot read .*missing\.pem: file not found/);
    assert.match(r.stderr, /tls\.ca_list: .*junk\.pem holds no PEM certificate/);
  } finally {
    cleanup();
  }
});
