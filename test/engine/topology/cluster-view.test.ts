import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterView } from '../../../src/engine/topology/cluster-view.js';
import { LinkState as S } from '../../../src/engine/topology/link-state.js';
import { isClError } from '../../../src/engine/errors.js';
import { bringUp, CID, desc, ls, makeView, NOW, sorted, T, url } from './helpers.js';

describe('ClusterView nodes', () => {
  it('configured nodes start enabled and probing, with seq stores at (−1, 0)', () => {
    const v = makeView([2]);
    const n = v.getNode(2);
    assert.ok(n);
    assert.equal(n.link.state, S.RESTART_PINGING);
    assert.equal(n.enabled, true);
    assert.equal(n.learned, false);
    assert.deepEqual([n.ls, n.top, n.cap], [{ seq: -1, ts: 0, epoch: -1 }, { seq: -1, ts: 0, epoch: -1 }, { seq: -1, ts: 0, epoch: -1 }]);
    assert.deepEqual(v.local.ls, { seq: -1, ts: 0, epoch: -1 });
  });

  it('addNode refuses duplicates, the local id and more than 128 remote nodes', () => {
    const v = makeView([2]);
    assert.throws(() => v.addNode({ id: 2, url: url(2) }), (e) => isClError(e, 'CL_ERR_NODE_EXISTS'));
    assert.throws(() => v.addNode({ id: 1, url: url(1) }), (e) => isClError(e, 'CL_ERR_NODE_IS_LOCAL'));
    for (let id = 3; id <= 129; id++) v.addNode({ id, url: url(id) });
    assert.equal(v.nodes.size, 128);
    assert.throws(() => v.addNode({ id: 200, url: url(200) }), (e) => isClError(e, 'CL_ERR_TOO_MANY_NODES'));
    const learned = v.learnNode(201, desc(201));
    assert.equal(learned.node, null);
    assert.deepEqual(learned.effects.map((e) => e.type === 'refused' && e.reason), ['cluster_full']);
  });
});

describe('ClusterView link driving', () => {
  it('tick → ping effects; pingSent + pongReceived bring the link up with the PONG node list', () => {
    const v = makeView([2]);
    const pings = v.tick(NOW, T);
    assert.deepEqual(pings, [{ type: 'ping', nodeId: 2, reqNodeList: 1 }]);
    assert.deepEqual(v.pingSent(2, true), []);
    assert.equal(v.getNode(2)?.link.state, S.RESTARTED);
    const up = v.pongReceived({ kind: 'pong', clusterId: CID, srcId: 2, nodeIds: [3, 4] }, NOW + 3, T);
    assert.deepEqual(up, [
      { type: 'link_up', nodeId: 2, pongNodeList: [3, 4] },
      { type: 'log', level: 'info', msg: 'Node [2] is UP' },
    ]);
    assert.deepEqual(sorted(v.local.adjacency), [2]);
    assert.equal(v.nextHop(2), 2);
  });

  it('a failed direct send takes the link down and removes the adjacency', () => {
    const v = makeView([2]);
    bringUp(v, [2]);
    const version = v.version;
    assert.deepEqual(v.sendFailed(2), [{ type: 'link_down', nodeId: 2, announce: true }]);
    assert.equal(v.getNode(2)?.link.state, S.RESTART_PINGING);
    assert.deepEqual(sorted(v.local.adjacency), []);
    assert.ok(v.version > version);
  });

  it('packetReceived from a DOWN node: routed packets restart pinging, internal ones only record last_recv', () => {
    const v = makeView([2]);
    const n = v.getNode(2);
    assert.ok(n);
    n.link = { ...n.link, state: S.DOWN };
    v.packetReceived(2, NOW, false);
    assert.equal(v.getNode(2)?.link.state, S.DOWN);
    assert.equal(v.getNode(2)?.link.lastRecv, NOW);
    v.packetReceived(2, NOW + 1, true);
    assert.equal(v.getNode(2)?.link.state, S.RESTART_PINGING);
  });

  it('pingReceived from a DOWN node probes it immediately', () => {
    const v = makeView([2]);
    const n = v.getNode(2);
    assert.ok(n);
    n.link = { ...n.link, state: S.DOWN };
    assert.deepEqual(v.pingReceived(2, true, NOW, T), [{ type: 'ping', nodeId: 2, reqNodeList: 1 }]);
    v.pingSent(2, true);
    assert.equal(v.getNode(2)?.link.state, S.RESTARTED);
  });

  it('connectionLost on an Up link reroutes at once and probes', () => {
    const v = makeView([2, 3]);
    bringUp(v, [2, 3]);
    v.applyLsUpdate(ls(3, 0, 2, 0), 0);
    const e = v.connectionLost(2, NOW + 100);
    assert.deepEqual(
      e.map((x) => x.type),
      ['log', 'link_down', 'ping'],
    );
    assert.equal(v.nextHop(2), 3);
  });

  it('directSent postpones the keep-alive', () => {
    const v = makeView([2]);
    bringUp(v, [2]);
    v.directSent(2, NOW + 3000);
    assert.deepEqual(v.tick(NOW + 4001, T), []);
    assert.deepEqual(v.tick(NOW + 7001, T), [{ type: 'ping', nodeId: 2, reqNodeList: 0 }]);
  });
});

describe('ClusterView enable/disable (§4.13)', () => {
  it('disabling the local node takes every link Down without LS_UPDATE and silences the view', () => {
    const v = makeView([2, 3]);
    bringUp(v, [2]);
    v.reachabilityChanges();
    assert.deepEqual(v.setLocalEnabled(false), [{ type: 'link_down', nodeId: 2, announce: false }]);
    assert.equal(v.getNode(2)?.link.state, S.DOWN);
    assert.equal(v.getNode(3)?.link.state, S.DOWN);
    assert.deepEqual(v.reachabilityChanges(), [{ nodeId: 2, up: false }]);
    assert.deepEqual(v.tick(NOW + 60_000, T), []);
    assert.deepEqual(v.pongReceived({ kind: 'pong', clusterId: CID, srcId: 2, nodeIds: [] }, NOW, T), []);
    assert.equal(v.applyLsUpdate(ls(2, 0, 3, 0), 0).flood, false);
    v.setLocalEnabled(true);
    assert.equal(v.getNode(2)?.link.state, S.RESTART_PINGING);
    assert.equal(v.tick(NOW + 61_000, T).length, 2);
  });

  it('disabling a remote node: normal link-down (announced), not pinged, no next hop; enabling re-probes', () => {
    const v = makeView([2, 3]);
    bringUp(v, [2, 3]);
    assert.deepEqual(v.setNodeEnabled(2, false), [{ type: 'link_down', nodeId: 2, announce: true }]);
    assert.equal(v.getNode(2)?.link.state, S.DOWN);
    assert.equal(v.nextHop(2), null);
    assert.ok(v.tick(NOW + 120_000, T).every((e) => e.type !== 'ping' || e.nodeId !== 2));
    v.setNodeEnabled(2, true);
    assert.equal(v.getNode(2)?.link.state, S.RESTART_PINGING);
  });
});

describe('ClusterView removal (§4.12)', () => {
  it('removes the node everywhere, silently takes its link down and raises NODE_DOWN', () => {
    const v = makeView([2, 3, 4]);
    bringUp(v, [2, 3]);
    v.applyLsUpdate(ls(3, 0, 2, 0), 0);
    v.applyLsUpdate(ls(2, 0, 4, 0), 0);
    assert.deepEqual(v.reachabilityChanges(), [
      { nodeId: 2, up: true },
      { nodeId: 3, up: true },
      { nodeId: 4, up: true },
    ]);
    assert.deepEqual(v.removeNode(2), [{ type: 'link_down', nodeId: 2, announce: false }]);
    assert.equal(v.getNode(2), undefined);
    assert.deepEqual(sorted(v.local.adjacency), [3]);
    assert.deepEqual(sorted(v.getNode(3)?.adjacency ?? []), []);
    assert.deepEqual(v.reachabilityChanges(), [
      { nodeId: 2, up: false },
      { nodeId: 4, up: false },
    ]);
    assert.deepEqual(v.removeNode(99), []);
  });
});

describe('ClusterView reachability events (§4.9)', () => {
  it('indirect reachability through a third node counts; losing the only path gives DOWN', () => {
    const v = makeView([2, 3]);
    bringUp(v, [2]);
    v.applyLsUpdate(ls(2, 0, 3, 0), 0);
    assert.deepEqual(v.reachabilityChanges(), [
      { nodeId: 2, up: true },
      { nodeId: 3, up: true },
    ]);
    assert.deepEqual(v.reachabilityChanges(), [], 'reported once');
    v.sendFailed(2);
    assert.deepEqual(v.reachabilityChanges(), [
      { nodeId: 2, up: false },
      { nodeId: 3, up: false },
    ]);
  });

  it('an alternative path keeps the node up when one route goes away', () => {
    const v = makeView([2, 3, 4]);
    bringUp(v, [2, 4]);
    v.applyLsUpdate(ls(2, 0, 3, 0), 0);
    v.applyLsUpdate(ls(4, 0, 3, 0), 0);
    v.reachabilityChanges();
    assert.equal(v.nextHop(3), 2);
    v.sendFailed(2);
    assert.deepEqual(v.reachabilityChanges(), [{ nodeId: 2, up: false }]);
    assert.equal(v.nextHop(3), 4);
  });

  it('a node that was never reachable produces no DOWN', () => {
    const v = makeView([2, 3]);
    bringUp(v, [2]);
    assert.deepEqual(v.reachabilityChanges(), [{ nodeId: 2, up: true }]);
    v.setNodeEnabled(3, false);
    v.removeNode(3);
    assert.deepEqual(v.reachabilityChanges(), []);
  });

  it('with rerouting disabled only direct links count', () => {
    const v = new ClusterView({ clusterId: CID, local: { id: 1, url: url(1) }, rerouting: false });
    v.addNode({ id: 2, url: url(2) });
    v.addNode({ id: 3, url: url(3) });
    bringUp(v, [2]);
    v.applyLsUpdate(ls(2, 0, 3, 0), 0);
    assert.equal(v.nextHop(3), null);
    assert.deepEqual(v.reachabilityChanges(), [{ nodeId: 2, up: true }]);
  });
});

describe('ClusterView routes cache', () => {
  it('recomputes only when the topology version changes', () => {
    const v = makeView([2, 3]);
    bringUp(v, [2]);
    const a = v.routes();
    assert.equal(v.routes(), a);
    v.applyLsUpdate(ls(2, 0, 3, 0), 0);
    const b = v.routes();
    assert.notEqual(b, a);
    assert.deepEqual(b.routes.get(3)?.path, [1, 2, 3]);
    v.applyLsUpdate(ls(2, 1, 3, 0), 0); // same link again: no version change
    assert.equal(v.routes(), b);
  });

  it('a lost connection lets the node start a new run of counters within the same second', () => {
    const v = makeView([2, 3]);
    bringUp(v, [2, 3]);
    assert.equal(v.applyLsUpdate(ls(2, 0, 3, 0, 100), 0).accepted, true);
    assert.equal(v.applyLsUpdate(ls(2, 1, 3, 1, 100), 0).accepted, true);
    assert.equal(v.applyLsUpdate(ls(2, 0, 3, 0, 100), 0).accepted, false, 'a late copy of the first update');
    v.connectionLost(2, NOW);
    assert.equal(v.applyLsUpdate(ls(2, 0, 3, 0, 100), 0).accepted, true, 'node 2 restarted in the same second');
  });

  it('planFlood uses the current Up neighbours', () => {
    const v = makeView([2, 3, 4]);
    bringUp(v, [2, 3, 4]);
    assert.deepEqual(v.planFlood([3, 9]), { targets: [2, 4], path: [3, 9, 1], tooManyHops: false });
  });

  it('planFlood with an origin skips the neighbours the previous hop reports Up', () => {
    const v = makeView([2, 3, 4]);
    bringUp(v, [2, 3, 4]);
    v.applyLsUpdate(ls(3, 0, 2, 0), 0); // 3 reports 3–2 Up
    assert.deepEqual(v.planFlood([3], { toAll: true, about: 4 }).targets, [4]);
    assert.deepEqual(v.planFlood([3], { toAll: false }).targets, [2, 4]);
  });
});
