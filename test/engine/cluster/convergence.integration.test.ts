import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ControlClient } from '../../../src/client/control-client.js';
import { isClError } from '../../../src/engine/errors.js';
import { allocAddr, buildCluster, buildMember, FAST, seesAllUp, shapeOf, startAll, stateEvents, stopAll, waitConverged, type Member } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { recorded } from '../../helpers/mi-replies.js';
import { makeNode } from '../../helpers/node.js';
import { tempDir } from '../../helpers/tmp.js';

const others = (ms: Member[], m: Member): number[] => ms.filter((x) => x !== m).map((x) => x.id);

for (const n of [3, 5]) {
  test(`${n} nodes that know only node 1 converge to a full mesh, every link direct`, async () => {
    const { dir, cleanup } = tempDir();
    const ms = await buildCluster(dir, n);
    try {
      await startAll(ms);
      await waitConverged(ms);
      for (const m of ms) {
        const list = m.node.api.getNodes(1);
        assert.deepEqual(list.map((s) => s.nodeId).sort(), others(ms, m));
        for (const s of list) assert.deepEqual([s.linkState, s.nextHop, s.reachable, s.enabled], ['Up', s.nodeId, true, true]);
      }
    } finally {
      await stopAll(ms);
      cleanup();
    }
  });
}

test('a link restarted by the consistency check (stale "link Down") settles instead of flapping', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 3, { fullMesh: true });
  try {
    await startAll(ms);
    await waitConverged(ms);
    let ups = 0;
    for (const m of ms) m.node.cluster.on.on('link:up', () => ups++);
    // what node 3 does when an LS_UPDATE says 2-3 is Down while its own link is Up (§4.5a)
    const v3 = ms[2]!.node.cluster.view(1)!;
    ms[2]!.node.cluster.apply(v3, v3.restartPinging(2));
    await waitConverged(ms);
    // a full keep-alive round later nothing is flapping any more
    const mark = Date.now();
    await eventually(() => ms.every((m) => m.node.api.getNodes(1).every((s) => s.lastPong > mark + 1000)), { timeoutMs: 10_000, what: 'a keep-alive round' });
    await waitConverged(ms);
    assert.ok(ups <= 10, `links came up ${ups} times after one restart (expected 2: 3->2 and 2->3)`);
  } finally {
    await stopAll(ms);
    cleanup();
  }
});

test('a 4th node knowing only node 1 is adopted by all; MI list/topology/stats/reports have the OpenSIPS shape', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 3);
  const fourth = buildMember(dir, await allocAddr(4), [ms[0]!], {});
  const all = [...ms, fourth];
  try {
    await startAll(ms);
    await waitConverged(ms);
    await fourth.node.start();
    await waitConverged(all);

    // clusterer_list through the real control socket: same structure as recorded OpenSIPS reply 01
    const list = (await ms[0]!.client.callRaw('clusterer_list')) as { Clusters: { cluster_id: number; Nodes: Record<string, unknown>[] }[] };
    assert.deepEqual(shapeOf(list), shapeOf(recorded('01').reply.result));
    assert.deepEqual(list.Clusters.map((c) => c.cluster_id), [1]);
    const nodes = list.Clusters[0]!.Nodes;
    assert.deepEqual(nodes.map((x) => x.node_id).sort(), [2, 3, 4]);
    const four = nodes.find((x) => x.node_id === 4)!;
    assert.deepEqual(four, { node_id: 4, db_id: -1, url: fourth.url, link_state: 'Up', state: 'enabled', next_hop: '4', description: 'none' });

    // clusterer_list_topology: recorded reply 03 (local node first, then every remote node)
    const topo = (await ms[0]!.client.call('clusterer_list_topology')) as { Clusters: { Nodes: { node_id: number; Neighbours: number[] }[] }[] };
    assert.deepEqual(shapeOf(topo), shapeOf(recorded('03').reply.result));
    const tn = topo.Clusters[0]!.Nodes;
    assert.equal(tn[0]!.node_id, 1, 'the local node comes first');
    assert.deepEqual(tn.map((x) => x.node_id).slice(1).sort(), [2, 3, 4]);
    for (const x of tn) assert.deepEqual([...x.Neighbours].sort(), [1, 2, 3, 4].filter((i) => i !== x.node_id), `neighbours of ${x.node_id}`);

    // every node learned node 4, and node 4 lists everybody
    for (const m of all) assert.ok(seesAllUp(m.node, others(all, m)), `node ${m.id}`);

    // get_statistics clusterer: (recorded 08: same names, same order)
    for (const m of all) {
      const st = (await m.client.call('get_statistics', [['clusterer:']])) as Record<string, number>;
      assert.deepEqual(Object.keys(st), Object.keys(recorded('08').reply.result as object));
      assert.deepEqual(st, { 'clusterer:clusterer_nodes': 3, 'clusterer:clusterer_nodes_up': 3, 'clusterer:clusterer_nodes_down': 0 });
    }

    // events and status reports: "Node [X], cluster [C] is UP" for every other node
    for (const m of all) {
      const evs = stateEvents(m);
      for (const id of others(all, m)) {
        const mine = evs.filter((e) => e.nodeId === id);
        assert.ok(mine.length > 0 && mine.at(-1)!.up, `node ${m.id} raised UP for node ${id}: ${JSON.stringify(evs)}`);
      }
      const ev = m.events.find((e) => e.name === 'E_CLUSTERER_NODE_STATE_CHANGED')!;
      assert.deepEqual(Object.keys(ev.params), ['cluster_id', 'node_id', 'new_state']);
      const reports = (await m.client.call('sr_list_reports', ['clusterer', 'node_states'])) as { Timestamp: number; Date: string; Log: string }[];
      assert.deepEqual(shapeOf(reports), shapeOf(recorded('14').reply.result));
      const logs = reports.map((r) => r.Log);
      for (const log of logs) assert.match(log, /^Node \[\d+\], cluster \[1\] is (UP|DOWN)$/);
      for (const id of others(all, m)) assert.equal(logs.filter((l) => l.startsWith(`Node [${id}],`)).at(-1), `Node [${id}], cluster [1] is UP`);
    }
    const group = (await fourth.client.call('sr_list_reports', ['clusterer'])) as { Name: string; Reports: unknown[] }[];
    // The key-value store's capability (cachedb_local's, on by default) has its identifier too, as in OpenSIPS with cachedb_local.
    assert.deepEqual(group.map((g) => g.Name).sort(), ['cap:cachedb-local-repl', 'node_states', 'sharing_tags']);
  } finally {
    await stopAll(all);
    cleanup();
  }
});

test('a node in two clusters keeps a separate topology per cluster', async () => {
  const { dir, cleanup } = tempDir();
  const [a1, a2, a3] = [await allocAddr(1), await allocAddr(2), await allocAddr(3)];
  // node 1 is in clusters 1 and 2 on one BIN listener; node 2 only in cluster 1, node 3 only in cluster 2
  const hub = makeNode(dir, {
    my_node_id: 1,
    db_mode: 0,
    my_node_info: [`cluster_id=1, url=${a1.url}`, `cluster_id=2, url=${a1.url}`],
    socket: a1.url,
    state_file: join(dir, 'hub.peers.json'),
    log_level: 'warn',
    ...FAST,
  });
  const m2 = buildMember(dir, a2, [a1], { clusterId: 1 });
  const m3 = buildMember(dir, a3, [a1], { clusterId: 2 });
  const hubClient = new ControlClient({ socketPath: hub.config.controlSocket, timeoutMs: 3000 });
  try {
    await Promise.all([hub.node.start(), m2.node.start(), m3.node.start()]);
    await eventually(() => seesAllUp(hub.node, [2], 1) && seesAllUp(hub.node, [3], 2) && seesAllUp(m2.node, [1], 1) && seesAllUp(m3.node, [1], 2), {
      timeoutMs: 15_000,
      what: 'both clusters up',
    });
    assert.deepEqual(hub.node.api.clusterIds(), [1, 2]);
    assert.deepEqual(m2.node.api.clusterIds(), [1]);
    assert.throws(() => m2.node.api.getNodes(2), (e: unknown) => isClError(e, 'CL_ERR_UNKNOWN_CLUSTER'));
    const list = (await hubClient.call('clusterer_list')) as { Clusters: { cluster_id: number; Nodes: { node_id: number }[] }[] };
    assert.deepEqual(list.Clusters.map((c) => [c.cluster_id, c.Nodes.map((x) => x.node_id)]), [[1, [2]], [2, [3]]]);
    const topo = (await hubClient.call('clusterer_list_topology')) as { Clusters: { cluster_id: number; Nodes: { node_id: number; Neighbours: number[] }[] }[] };
    assert.deepEqual(topo.Clusters, [
      { cluster_id: 1, Nodes: [{ node_id: 1, Neighbours: [2] }, { node_id: 2, Neighbours: [1] }] },
      { cluster_id: 2, Nodes: [{ node_id: 1, Neighbours: [3] }, { node_id: 3, Neighbours: [1] }] },
    ]);
    // nodes 2 and 3 never hear of each other: nothing leaks across clusters
    assert.deepEqual(m2.node.api.getNodes(1).map((s) => s.nodeId), [1]);
    assert.deepEqual(m3.node.api.getNodes(2).map((s) => s.nodeId), [1]);
    const st = (await hubClient.call('get_statistics', [['clusterer:']])) as Record<string, number>;
    assert.equal(st['clusterer:clusterer_nodes'], 2);
    assert.equal(st['clusterer:clusterer_nodes_up'], 2);
  } finally {
    await hubClient.close();
    await Promise.allSettled([hub.node.stop(), stopAll([m2, m3])]);
    cleanup();
  }
});
