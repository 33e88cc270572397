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

test('cluster list: a table of the other nodes, all Up, no colour in a pipe', async () => {
  const r = await c.cl(2, 'cluster', 'list');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^CLUSTER +NODE +URL +LINK +STATE +NEXT HOP +DESCRIPTION$/);
  assert.equal(lines.length, 3);
  for (const k of [1, 3]) {
    const url = c.urls[k - 1]!.replace(/\./g, '\\.');
    assert.match(r.stdout, new RegExp(`^1 +${k} +${url} +Up +enabled +${k} +none$`, 'm'));
  }
  assert.ok(!r.stdout.includes('\u001b['), 'no escape codes when stdout is not a TTY');
});

test('cluster list --json: the MI result unchanged, on one line', async () => {
  const [viaList, viaMi] = await Promise.all([c.cl(1, 'cluster', 'list', '--json'), c.cl(1, 'mi', 'clusterer_list', '--json')]);
  assert.equal(viaList.code, 0, viaList.stderr);
  assert.equal(viaList.stdout.trim().split('\n').length, 1);
  const strip = (s: string) => s.replace(/"link_state":"[A-Za-z]+"/g, '');
  assert.equal(strip(viaList.stdout), strip(viaMi.stdout));
});

test('cluster list --cluster: the cluster alone; a cluster the node is not in exits 1', async () => {
  const one = await c.cl(1, 'cluster', 'list', '--cluster', '1', '--json');
  assert.equal(one.code, 0, one.stderr);
  assert.deepEqual(JSON.parse(one.stdout).Clusters.map((x: { cluster_id: number }) => x.cluster_id), [1]);
  const none = await c.cl(1, 'cluster', 'list', '--cluster', '9');
  assert.equal(none.code, 1);
  assert.equal(none.stderr.trim(), 'error: the node is not in cluster 9 (its clusters: 1)');
  const noneJson = await c.cl(1, 'cluster', 'list', '--cluster', '9', '--json');
  assert.equal(noneJson.code, 1);
  assert.equal(JSON.parse(noneJson.stdout).error.code, 'CL_ERR_UNKNOWN_CLUSTER');
});

test('cluster list over --url (mi_http) and with $CL_SOCKET', async () => {
  const viaUrl = await runCl(['cluster', 'list', '--url', c.miUrl!, '--json']);
  assert.equal(viaUrl.code, 0, viaUrl.stderr);
  assert.deepEqual((await c.list(1)).Clusters[0]!.Nodes.map((n) => n.node_id), JSON.parse(viaUrl.stdout).Clusters[0].Nodes.map((n: { node_id: number }) => n.node_id));
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
  assert.deepEqual(parseFast(def, ['--cluster', '2', '-s', '/tmp/x.sock', '--json'])?.flags, { cluster: 2, socket: '/tmp/x.sock', url: undefined, timeout: '5s', token: undefined, json: true });
  for (const full of [['--cluster', '0'], ['--cluster', 'x'], ['extra'], ['--bogus']]) {
    assert.equal(parseFast(def, full), null, `${full.join(' ')} goes to the full command`);
  }
});
