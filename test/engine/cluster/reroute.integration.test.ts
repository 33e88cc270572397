import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { encodeMessage } from '../../../src/engine/wire/index.js';
import { buildCluster, startAll, stopAll, waitConverged, waitFor, type Member } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { tempDir } from '../../helpers/tmp.js';

const hi = (msg: string) => encodeMessage({ kind: 'generic_msg', reqLike: 1, tag: '1-2-x', msg, clusterId: 1, srcId: 2, dstId: 3 });

const nextHopOf = async (m: Member, id: number): Promise<string | undefined> => {
  const r = (await m.client.call('clusterer_list')) as { Clusters: { Nodes: { node_id: number; next_hop: string; link_state: string }[] }[] };
  const n = r.Clusters[0]!.Nodes.find((x) => x.node_id === id);
  return n ? `${n.link_state}/${n.next_hop}` : undefined;
};

const received = (m: Member, msg: string) =>
  m.events.some((e) => e.name === 'E_CLUSTERER_REQ_RECEIVED' && e.params.src_id === 2 && e.params.msg === msg && e.params.cluster_id === 1);

/** Waits until 2 and 3 reach each other through node 1, checks the route, and that a routed frame gets through. */
async function expectRerouted(ms: Member[], msg: string): Promise<void> {
  const [, n2, n3] = ms as [Member, Member, Member];
  for (const [a, b] of [[n2, 3], [n3, 2]] as const) {
    await waitFor(ms, async () => (await nextHopOf(a, b))?.match(/^(Probe|Down)\/1$/), `node ${a.id} reroutes to ${b} via 1`);
  }
  const route = (await n2.client.call('cl_route', [1, 3])) as { path: number[]; hops: number; next_hop: number; reachable: boolean };
  assert.deepEqual([route.path, route.hops, route.next_hop, route.reachable], [[2, 1, 3], 2, 1, true]);
  assert.equal(await n2.node.api.sendTo(1, 3, hi(msg)), 0);
  await eventually(() => received(n3, msg), { timeoutMs: 5000, what: `'${msg}' relayed 2 -> 1 -> 3` });
}

async function expectDirectAgain(ms: Member[]): Promise<void> {
  const [, n2, n3] = ms as [Member, Member, Member];
  await waitFor(ms, async () => (await nextHopOf(n2, 3)) === 'Up/3' && (await nextHopOf(n3, 2)) === 'Up/2', 'link 2-3 back');
  const route = (await n2.client.call('cl_route', [1, 3])) as { path: number[] };
  assert.deepEqual(route.path, [2, 3]);
}

test('link 2<->3 cut (dropPeer): traffic is rerouted through node 1, and goes direct again once restored', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 3, { fullMesh: true });
  const [, n2, n3] = ms as [Member, Member, Member];
  try {
    await startAll(ms);
    await waitConverged(ms);
    n2.faults.dropPeer = (ip) => ip === n3.host;
    n3.faults.dropPeer = (ip) => ip === n2.host;
    await expectRerouted(ms, 'hi');
    n2.faults.dropPeer = undefined;
    n3.faults.dropPeer = undefined;
    await expectDirectAgain(ms);
  } finally {
    await stopAll(ms);
    cleanup();
  }
});

test('enable_rerouting: 0 — no path around the cut, and node 1 refuses to relay', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 3, { fullMesh: true, extra: { enable_rerouting: 0 } });
  const [n1, n2, n3] = ms as [Member, Member, Member];
  try {
    await startAll(ms);
    await waitConverged(ms);
    n2.faults.dropPeer = (ip) => ip === n3.host;
    n3.faults.dropPeer = (ip) => ip === n2.host;
    await waitFor(ms, async () => (await nextHopOf(n2, 3))?.match(/^(Probe|Down)\/none$/), 'node 2 has no route to 3');
    assert.equal(await n2.node.api.sendTo(1, 3, hi('refused')), -1, 'DEST_DOWN');
    const route = (await n2.client.call('cl_route', [1, 3])) as { reachable: boolean; path: number[] };
    assert.deepEqual([route.reachable, route.path], [false, []]);
    // hand node 1 a frame for node 3 anyway: it must not relay it
    assert.equal(await n2.node.cluster.sendFrame(n2.node.cluster.view(1)!, 1, hi('refused'), false), true);
    await eventually(() => n1.logs.some((r) => r.msg === 'Received message for destination id [3] but rerouting disabled'), { what: 'relay refused by node 1' });
    assert.equal(received(n3, 'refused'), false);
  } finally {
    await stopAll(ms);
    cleanup();
  }
});

function iptablesProblem(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not running as root';
  const r = spawnSync('iptables', ['-w', '5', '-L', 'INPUT', '-n'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error) return `\`iptables -L\` cannot run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`;
  if (r.status !== 0) return `\`iptables -L\` failed (exit ${r.status}): ${r.stderr.trim().split('\n')[0] ?? ''}`;
  return null;
}

test('link 2<->3 cut with real iptables rules on loopback: rerouted via node 1, direct again after removal', async (t) => {
  const problem = iptablesProblem();
  if (problem) {
    t.skip(`iptables not available: ${problem}`);
    return;
  }
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 3, { fullMesh: true });
  const [, n2, n3] = ms as [Member, Member, Member];
  // only the exact rules added here are ever removed (one -D per successful -I)
  const added: string[][] = [];
  const ipt = (op: '-I' | '-D', spec: string[]) => spawnSync('iptables', ['-w', '5', op, 'INPUT', ...spec], { encoding: 'utf8', timeout: 10_000 });
  const removeRules = (): void => {
    for (let spec = added.pop(); spec; spec = added.pop()) {
      const r = ipt('-D', spec);
      if (r.status !== 0) t.diagnostic(`could not remove iptables rule ${spec.join(' ')}: ${r.stderr}`);
    }
  };
  try {
    await startAll(ms);
    await waitConverged(ms);
    for (const [src, dst] of [[n2.host, n3.host], [n3.host, n2.host]]) {
      const spec = ['-s', `${src}/32`, '-d', `${dst}/32`, '-j', 'DROP'];
      const r = ipt('-I', spec);
      assert.equal(r.status, 0, `iptables -I INPUT ${spec.join(' ')}: ${r.stderr}`);
      added.push(spec);
    }
    await expectRerouted(ms, 'hi-iptables');
    removeRules();
    await expectDirectAgain(ms);
  } finally {
    removeRules();
    await stopAll(ms);
    cleanup();
  }
});
