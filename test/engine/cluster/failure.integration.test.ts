import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ControlClient } from '../../../src/client/control-client.js';
import { LinkState } from '../../../src/engine/topology/index.js';
import { encodeMessage } from '../../../src/engine/wire/index.js';
import { allocAddr, buildCluster, FAST, rawMi, startAll, stateEvents, stopAll, waitConverged, waitFor, type Member } from '../../helpers/cluster.js';
import { startNodeProcess, type NodeProcess } from '../../helpers/cli.js';
import { eventually } from '../../helpers/eventually.js';
import { recorded } from '../../helpers/mi-replies.js';
import { tempDir } from '../../helpers/tmp.js';

interface ListNode {
  node_id: number;
  link_state: string;
  state: string;
  next_hop: string;
}
type ListReply = { Clusters: { cluster_id: number; Nodes: ListNode[] }[] };

async function listOf(c: ControlClient): Promise<ListNode[]> {
  return ((await c.call('clusterer_list')) as ListReply).Clusters[0]?.Nodes ?? [];
}

async function allUp(c: ControlClient, ids: number[]): Promise<boolean> {
  const l = await listOf(c);
  return l.length === ids.length && ids.every((id) => l.some((x) => x.node_id === id && x.link_state === 'Up' && x.next_hop === String(id)));
}

/** SIGTERM, then SIGKILL if the process is still there after 5 s. */
async function stopProc(p: NodeProcess): Promise<void> {
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 5000);
  await p.stop();
  clearTimeout(timer);
}

async function lastReport(c: ControlClient, nodeId: number): Promise<string | undefined> {
  const r = (await c.call('sr_list_reports', ['clusterer', 'node_states'])) as { Log: string }[];
  return r.map((x) => x.Log).filter((l) => l.startsWith(`Node [${nodeId}],`)).at(-1);
}

test('child processes: SIGKILL of node 3 is seen as Down by the others; the restarted node is Up again everywhere', async () => {
  const { dir, cleanup } = tempDir();
  const addrs = [await allocAddr(1), await allocAddr(2), await allocAddr(3)];
  const configOf = (i: number): Record<string, unknown> => ({
    my_node_id: i + 1,
    db_mode: 0,
    my_node_info: `cluster_id=1, url=${addrs[i]!.url}`,
    neighbor_node_info: i === 0 ? [] : [`cluster_id=1, node_id=1, url=${addrs[0]!.url}`],
    control_socket: join(dir, `p${i + 1}.sock`),
    state_file: join(dir, `p${i + 1}.peers.json`),
    log_level: 'warn',
    ...FAST,
  });
  const procs: NodeProcess[] = [];
  const clients: ControlClient[] = [];
  try {
    const started = await Promise.allSettled([0, 1, 2].map((i) => startNodeProcess(dir, `p${i + 1}`, configOf(i))));
    for (const r of started) if (r.status === 'fulfilled') procs.push(r.value);
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    clients.push(...procs.map((p) => new ControlClient({ socketPath: p.socket, timeoutMs: 3000 })));
    const ids = [1, 2, 3];
    const converged = () => eventually(async () => (await Promise.all(clients.map((c, i) => allUp(c, ids.filter((x) => x !== i + 1))))).every(Boolean), { timeoutMs: 15_000, what: 'processes converged' });
    await converged();

    await procs[2]!.kill();
    for (const c of clients.slice(0, 2)) {
      await eventually(
        async () => {
          const n3 = (await listOf(c)).find((x) => x.node_id === 3);
          return n3 && n3.link_state !== 'Up' && n3.next_hop === 'none' && (await lastReport(c, 3)) === 'Node [3], cluster [1] is DOWN';
        },
        { timeoutMs: 15_000, what: 'node 3 seen down' },
      );
    }
    await clients[2]!.close();
    procs[2] = await startNodeProcess(dir, 'p3', configOf(2));
    clients[2] = new ControlClient({ socketPath: procs[2].socket, timeoutMs: 3000 });
    await converged();
    for (const c of clients.slice(0, 2)) assert.equal(await lastReport(c, 3), 'Node [3], cluster [1] is UP');
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    await Promise.allSettled(procs.map(stopProc));
    cleanup();
  }
});

const genericTo3 = (msg: string) => encodeMessage({ kind: 'generic_msg', reqLike: 1, tag: `1-1-${msg}`, msg, clusterId: 1, srcId: 1, dstId: 3 });
const reqEvents = (m: Member) => m.events.filter((e) => e.name === 'E_CLUSTERER_REQ_RECEIVED');

test('local disable of node 3: peers lose it, it drops what it receives; re-enable brings it back', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 3, { extra: (id) => (id === 3 ? { log_level: 'debug' } : {}) });
  const [n1, n2, n3] = ms as [Member, Member, Member];
  try {
    await startAll(ms);
    await waitConverged(ms);
    assert.equal(await n3.client.call('clusterer_set_status', [1, 0]), 'OK');
    assert.ok(n3.node.api.getNodes(1).every((s) => s.linkState === 'Down' && s.nextHop === null));
    assert.deepEqual(stateEvents(n3).slice(-2).map((e) => e.up), [false, false], 'node 3 raised DOWN for its peers');
    for (const m of [n1, n2]) {
      await waitFor(ms, async () => {
        const s = (await listOf(m.client)).find((x) => x.node_id === 3);
        return s && s.link_state !== 'Up' && s.next_hop === 'none';
      }, `node ${m.id} sees node 3 gone`);
      assert.equal(stateEvents(m).filter((e) => e.nodeId === 3).at(-1)?.up, false);
    }
    // a request sent straight to the disabled node arrives and is dropped (no event)
    const view1 = n1.node.cluster.view(1)!;
    assert.equal(await n1.node.cluster.sendFrame(view1, 3, genericTo3('dropped'), false), true);
    await eventually(() => n3.logs.some((r) => r.msg.includes('Current node disabled, ignoring received bin packet')), { what: 'drop logged' });
    assert.ok(n3.logs.some((r) => r.msg.includes('Current node disabled, ignoring received clusterer bin packet')), 'pings dropped too');
    assert.equal(reqEvents(n3).length, 0);

    assert.equal(await n3.client.call('clusterer_set_status', [1, 1]), 'OK');
    await waitConverged(ms);
    assert.equal(await n1.node.api.sendTo(1, 3, genericTo3('delivered')), 0);
    await eventually(() => reqEvents(n3).some((e) => e.params.msg === 'delivered'), { what: 'request delivered after re-enable' });
    assert.equal(reqEvents(n3).length, 1);
  } finally {
    await stopAll(ms);
    cleanup();
  }
});

test('remote disable (set_status 1 3 0 on node 1) shows node 3 disabled there; enable restores it', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 3);
  const [n1] = ms as [Member];
  try {
    await startAll(ms);
    await waitConverged(ms);
    assert.equal(await n1.client.call('clusterer_set_status', [1, 3, 0]), 'OK');
    const s3 = (await listOf(n1.client)).find((x) => x.node_id === 3)!;
    assert.deepEqual([s3.state, s3.link_state], ['disabled', 'Down']);
    // the others are not affected by a local decision of node 1
    assert.ok((await listOf(n1.client)).find((x) => x.node_id === 2)?.state === 'enabled');
    assert.ok(ms[1]!.node.api.getNodes(1).every((s) => s.enabled));
    assert.equal(await n1.client.call('clusterer_set_status', { cluster_id: 1, node_id: 3, status: 1 }), 'OK');
    await waitConverged(ms);
    assert.equal((await listOf(n1.client)).find((x) => x.node_id === 3)!.state, 'enabled');
  } finally {
    await stopAll(ms);
    cleanup();
  }
});

test('clusterer_remove_node 1 3 removes node 3 from every list (db_mode 0); node 3 disables itself', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 3);
  const [n1, n2, n3] = ms as [Member, Member, Member];
  try {
    await startAll(ms);
    await waitConverged(ms);
    assert.equal(await n1.client.call('clusterer_remove_node', [1, 3]), 'OK');
    assert.deepEqual((await listOf(n1.client)).map((x) => x.node_id), [2]);
    await eventually(async () => (await listOf(n2.client)).every((x) => x.node_id !== 3), { what: 'node 2 forgot node 3' });
    await eventually(() => n3.node.cluster.view(1)!.local.enabled === false, { what: 'node 3 disabled itself' });
    // it stays removed over later ping rounds (nobody re-introduces it)
    const t0 = Date.now();
    await eventually(() => n1.node.api.getNodes(1).find((s) => s.nodeId === 2)!.lastPong > t0 + 1000, { timeoutMs: 10_000, what: 'two more ping rounds' });
    for (const m of [n1, n2]) assert.deepEqual(m.node.api.getNodes(1).map((s) => s.nodeId), [m.id === 1 ? 2 : 1]);
  } finally {
    await stopAll(ms);
    cleanup();
  }
});

test('set_status / remove_node error replies are byte for byte the recorded OpenSIPS ones', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 2);
  try {
    await startAll(ms);
    for (const id of ['31', '32', '33', '34', '35', '36', '37', '51', '52', '53']) {
      const rec = recorded(id);
      assert.ok(rec.reply.error, `${rec.file} is an error reply`);
      const raw = await rawMi(ms[0]!.config.controlSocket, rec.request_body);
      assert.equal(JSON.stringify((JSON.parse(raw) as { error: unknown }).error), JSON.stringify(rec.reply.error), rec.file);
      assert.equal(raw.trim(), rec.reply_raw, `${rec.file}: whole reply`);
    }
  } finally {
    await stopAll(ms);
    cleanup();
  }
});

test('a silent node is probed by the others as soon as one of them reports its link down, not at their next keep-alive', async () => {
  const { dir, cleanup } = tempDir();
  // Keep-alives every 60 s: within this test a link leaves Up only through the probe under test.
  const members = await buildCluster(dir, 3, { extra: { ping_interval: 60 } });
  const link2to3 = () => members[1]!.node.cluster.view(1)!.getNode(3)!.link;
  try {
    await startAll(members);
    await waitConverged(members);

    // Node 3 silent (its TCP connections stay open, as with SIGSTOP). Node 1
    // disabling it locally announces "1–3 down", as a node that saw it stop
    // answering would; node 2 then probes it at once instead of in 60 s.
    const quiet = () => link2to3().state === LinkState.UP && link2to3().pongAfterPing && link2to3().pending === null;
    await waitFor(members, quiet, 'no ping of node 2 to node 3 in flight'); // (convergence may leave one)
    members[2]!.faults.dropPeer = () => true;
    const now2 = () => members[1]!.node.cluster.now();
    await waitFor(members, () => now2() - link2to3().lastRecv > FAST.ping_timeout, 'node 3 silent for ping_timeout');
    const before = link2to3();
    assert.equal(before.state, LinkState.UP);
    members[0]!.node.api.setState(1, 3, false);
    await waitFor(members, () => link2to3().state === LinkState.DOWN, 'node 2 declares node 3 Down', 10_000);
    assert.ok(link2to3().lastPing > before.lastPing);
    assert.equal(members[1]!.node.api.getNodes(1).find((n) => n.nodeId === 3)?.nextHop, null, 'and unreachable');
  } finally {
    members[2]!.faults.dropPeer = undefined;
    await stopAll(members);
    cleanup();
  }
});
