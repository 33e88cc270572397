import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCl } from '../helpers/cli.js';
import { startCluster, type TestCluster } from './cluster/fixture.js';

let c: TestCluster;
before(async () => {
  c = await startCluster({ size: 2 });
});
after(async () => {
  await c?.stop();
});

interface StatusJson {
  node_id: number;
  version: string;
  pid: number;
  uptime_ms: number;
  control_socket: string;
  clusters: { cluster_id: number; url: string; enabled: boolean; nodes: { node_id: number; link_state: string; next_hop: number | null; last_pong_ms_ago: number | null }[] }[];
  sharing_tags: unknown[];
  capabilities: { cluster_id: number; capability: string; state: string; enabled: boolean; donor: number | null; received: number; expected: number; synced_nodes: number[] }[];
  events: { event: string; params: Record<string, unknown> }[];
}

test('cl status: identity, uptime, the cluster with its links, tags and recent events on one screen', async () => {
  const r = await c.cl(1, 'status');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[0]!, new RegExp(`^node 1  cl \\S+  pid ${c.nodes[0]!.pid}  up \\d+s  db_mode 0  control ${c.sockets[0]!.replace(/[.]/g, '\\.')}$`));
  assert.match(r.stdout, new RegExp(`^cluster 1  ${c.urls[0]!.replace(/[.]/g, '\\.')}  enabled$`, 'm'));
  assert.match(r.stdout, /^ {2}NODE +URL +LINK +STATE +NEXT HOP +LAST PONG$/m);
  assert.match(r.stdout, new RegExp(`^ {2}2 +${c.urls[1]!.replace(/[.]/g, '\\.')} +Up +enabled +2 +\\d+(\\.\\d)? m?s ago$`, 'm'));
  assert.match(r.stdout, /^sharing tags\n {2}none$/m);
  assert.match(r.stdout, /^capabilities\n {2}CAPABILITY +CLUSTER +STATE +STATUS +DONOR +RECEIVED +SYNCED NODES\n {2}cachedb-local-repl +1 +(synced|sync pending|sync in progress|not synced) +enabled +(-|\d+) +(-|\d+(\/\d+)?) +(-|[\d,]+)$/m);
  assert.match(r.stdout, /^recent events\n {2}\S+ E_CLUSTERER_NODE_STATE_CHANGED cluster_id=1 node_id=2 new_state=1$/m);
  assert.ok(!r.stdout.includes('\u001b['), 'no colour in a pipe');
});

test('cl status --json: one object, snake_case keys, the links with state, next hop and last pong', async () => {
  const r = await c.cl(2, 'status', '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 1);
  const s = JSON.parse(r.stdout) as StatusJson;
  assert.deepEqual([s.node_id, s.pid, s.control_socket], [2, c.nodes[1]!.pid, c.sockets[1]]);
  assert.ok(s.uptime_ms >= 0);
  const node1 = s.clusters[0]!.nodes[0]!;
  assert.deepEqual([s.clusters[0]!.cluster_id, s.clusters[0]!.url, node1.node_id, node1.link_state, node1.next_hop], [1, c.urls[1], 1, 'Up', 1]);
  assert.equal(typeof node1.last_pong_ms_ago, 'number');
  assert.ok(s.events.some((e) => e.event === 'E_CLUSTERER_NODE_STATE_CHANGED' && e.params.node_id === 1));
  assert.equal(s.capabilities.length, 1);
  const cap = s.capabilities[0]!;
  assert.deepEqual(Object.keys(cap), ['cluster_id', 'capability', 'state', 'enabled', 'donor', 'received', 'expected', 'synced_nodes']);
  assert.deepEqual([cap.cluster_id, cap.capability, cap.enabled], [1, 'cachedb-local-repl', true]);
  assert.ok(['synced', 'sync pending', 'sync in progress', 'not synced'].includes(cap.state), cap.state);
  assert.ok(Array.isArray(cap.synced_nodes) && typeof cap.received === 'number' && typeof cap.expected === 'number');
  const keys = JSON.stringify(s).match(/"([^"]+)":/g)!.map((k) => k.slice(1, -2));
  assert.ok(keys.every((k) => /^[a-z0-9_]+$/.test(k)), `snake_case: ${keys.filter((k) => !/^[a-z0-9_]+$/.test(k)).join(', ')}`);
});

test('cl status --watch off a terminal: each refresh after the previous one, no escape codes; --json one line each', async () => {
  const [text, json] = await Promise.all([c.cl(1, 'status', '--watch', '--interval', '100ms', '--count', '2'), c.cl(1, 'status', '-w', '--interval', '100ms', '--count', '3', '--json')]);
  assert.equal(text.code, 0, text.stderr);
  assert.equal(text.stdout.match(/^node 1 /gm)?.length, 2);
  assert.ok(!text.stdout.includes('\u001b'), 'redrawing in place is for terminals only');
  assert.equal(json.code, 0, json.stderr);
  const lines = json.stdout.trim().split('\n');
  assert.equal(lines.length, 3);
  for (const l of lines) assert.equal((JSON.parse(l) as StatusJson).node_id, 1);
});

test('cl status: bad input is a usage error, no node is exit 3', async () => {
  const [interval, count, gone] = await Promise.all([
    c.cl(1, 'status', '--watch', '--interval', '1ms'),
    c.cl(1, 'status', '--watch', '--count', '0'),
    runCl(['status', '-s', join(c.dir, 'none.sock'), '--json']),
  ]);
  assert.equal(interval.code, 2);
  assert.match(interval.stderr, /^error: bad --interval '1ms': at least 100ms/);
  assert.equal(count.code, 2);
  assert.equal(gone.code, 3);
  assert.equal((JSON.parse(gone.stdout) as { error: { code: string } }).error.code, 'CL_ERR_NODE_UNREACHABLE');
});

test('cl version: this cl and Node.js; with -s the node too', async () => {
  const plain = await runCl(['version']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, new RegExp(`^cl \\d+\\.\\d+\\.\\d+ \\(Node\\.js ${process.version.replace(/\./g, '\\.')}, ${process.platform}-${process.arch}\\)\\n$`));
  const node = await c.cl(1, 'version', '--json');
  assert.equal(node.code, 0, node.stderr);
  const v = JSON.parse(node.stdout) as { version: string; node_js: string; node: string };
  assert.equal(v.node_js, process.version);
  assert.match(v.node, /^cl \(/);
});
