import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import clusterList from '../../../src/commands/cluster/list.js';
import { erase } from '../../../src/cli/definition.js';
import { fastOptions, parseFast } from '../../../src/cli/fast-runner.js';
import { oclifCommand } from '../../../src/cli/to-oclif.js';
import { runCl } from '../../helpers/cli.js';
import { startCluster, type TestCluster } from './fixture.js';

let c: TestCluster;
before(async () => {
  c = await startCluster({ miHttp: true });
});
after(async () => {
  await c?.stop();
});

test('cluster list: a table of every node, itself marked self, by node id; no colour in a pipe', async () => {
  const r = await c.cl(2, 'cluster', 'list');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^CLUSTER +NODE +URL +LINK +STATE +NEXT HOP +DESCRIPTION$/);
  assert.deepEqual(lines.slice(1).map((l) => l.split(/ +/)[1]), ['1', '2', '3'], 'sorted by node id, the local node included');
  for (const k of [1, 3]) {
    const url = c.urls[k - 1]!.replace(/\./g, '\\.');
    assert.match(r.stdout, new RegExp(`^1 +${k} +${url} +Up +enabled +${k} +none$`, 'm'));
  }
  assert.match(lines[2]!, new RegExp(`^1 +2 +${c.urls[1]!.replace(/\./g, '\\.')} +self +enabled +- +-$`));
  assert.ok(!r.stdout.includes('\u001b['), 'no escape codes when stdout is not a TTY');
});

test('cluster list --json: snake_case keys, the MI rows plus the node itself (self: true), on one line', async () => {
  const [viaList, viaMi] = await Promise.all([c.cl(1, 'cluster', 'list', '--json'), c.cl(1, 'mi', 'clusterer_list', '--json')]);
  assert.equal(viaList.code, 0, viaList.stderr);
  assert.equal(viaList.stdout.trim().split('\n').length, 1);
  const list = JSON.parse(viaList.stdout) as { clusters: { cluster_id: number; nodes: { node_id: number; self: boolean; link_state: string }[] }[] };
  const mi = JSON.parse(viaMi.stdout) as { Clusters: { Nodes: { node_id: number }[] }[] };
  assert.deepEqual(Object.keys(list), ['clusters']);
  const nodes = list.clusters[0]!.nodes;
  assert.deepEqual(nodes.map((n) => [n.node_id, n.self]), [[1, true], [2, false], [3, false]]);
  assert.deepEqual(nodes.filter((n) => !n.self).map((n) => n.node_id), mi.Clusters[0]!.Nodes.map((n) => n.node_id).sort());
  assert.ok(!viaList.stdout.includes('"Clusters"') && !viaList.stdout.includes('"Nodes"'), 'one key style');
});

test('cluster list --cluster: the cluster alone; a cluster the node is not in exits 5, as everywhere', async () => {
  const one = await c.cl(1, 'cluster', 'list', '--cluster', '1', '--json');
  assert.equal(one.code, 0, one.stderr);
  assert.deepEqual(JSON.parse(one.stdout).clusters.map((x: { cluster_id: number }) => x.cluster_id), [1]);
  const none = await c.cl(1, 'cluster', 'list', '--cluster', '9');
  assert.equal(none.code, 5);
  assert.equal(none.stderr.trim(), 'error: the node is not in cluster 9 (its clusters: 1)');
  const [noneJson, route, shtag] = await Promise.all([
    c.cl(1, 'cluster', 'list', '--cluster', '9', '--json'),
    c.cl(1, 'cluster', 'route', '9', '1', '--json'),
    c.cl(1, 'shtag', 'get', 'vip/9', '--json'),
  ]);
  assert.deepEqual([noneJson.code, route.code, shtag.code], [5, 5, 5], 'an unknown cluster: one exit code');
  assert.equal(JSON.parse(route.stdout).error.code, 'CL_ERR_UNKNOWN_CLUSTER');
  assert.equal(JSON.parse(noneJson.stdout).error.code, 'CL_ERR_UNKNOWN_CLUSTER');
});

test('cluster list over --url (mi_http) and with $CL_SOCKET', async () => {
  const viaUrl = await runCl(['cluster', 'list', '--url', c.miUrl!, '--json']);
  assert.equal(viaUrl.code, 0, viaUrl.stderr);
  const viaUrlIds = JSON.parse(viaUrl.stdout).clusters[0].nodes.map((n: { node_id: number }) => n.node_id);
  assert.deepEqual([1, ...(await c.list(1)).Clusters[0]!.Nodes.map((n) => n.node_id)].sort(), viaUrlIds);
  const viaEnv = await runCl(['cluster', 'list'], { env: { CL_SOCKET: c.sockets[2]! } });
  assert.equal(viaEnv.code, 0, viaEnv.stderr);
  assert.match(viaEnv.stdout, /^1 +2 /m);
});

test('cluster list: usage errors exit 2, an unreachable node 3', async () => {
  const cases = [['--cluster', 'x'], ['--cluster', '0'], ['extra']];
  const [gone, ...usage] = await Promise.all([runCl(['cluster', 'list', '-s', join(c.dir, 'none.sock')]), ...cases.map((args) => c.cl(1, 'cluster', 'list', ...args))]);
  usage.forEach((r, i) => assert.equal(r.code, 2, `${cases[i]!.join(' ')}: ${r.stderr}`));
  assert.equal(gone.code, 3);
  assert.match(gone.stderr, /^error: cannot reach .*is the node running\?/);
});

test('cluster list: the fast path takes the same flags as the oclif command', () => {
  const def = erase(clusterList);
  assert.deepEqual(Object.keys(fastOptions(def)).sort(), Object.keys(oclifCommand(def).flags).sort());
  assert.deepEqual(parseFast(def, ['--cluster', '2', '-s', '/tmp/x.sock', '--json'])?.flags, { format: undefined, cluster: 2, socket: '/tmp/x.sock', url: undefined, timeout: '5s', token: undefined, node: undefined, 'all-nodes': false, json: true });
  for (const full of [['--cluster', '0'], ['--cluster', 'x'], ['extra'], ['--bogus']]) {
    assert.equal(parseFast(def, full), null, `${full.join(' ')} goes to the full command`);
  }
});
