import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterView } from '../../../src/engine/topology/cluster-view.js';
import { DEFAULT_ADMISSION } from '../../../src/engine/topology/admission.js';
import { bringUp, CID, desc, entry, ls, makeView, NOW, sorted, top, url } from './helpers.js';

describe('buildFullTopUpdate (§3.5)', () => {
  it('self first without description, then every known node but the destination, described iff absent from its PONG list', () => {
    const v = makeView([2, 3, 4], { 4: 9 });
    bringUp(v, [2, 3]);
    v.applyFullTopUpdate(top(3, 0, [entry(3, 0, [2, 4])]), 0);
    v.applyLsUpdate(ls(4, 6, 2, 0, 777), 0); // gives node 4 an LS record (seq 6, ts 777)
    const msg = v.buildFullTopUpdate(2, [3], NOW);
    assert.deepEqual(msg, {
      kind: 'full_top_update',
      clusterId: CID,
      srcId: 1,
      seq: 0,
      timestamp: Math.floor(NOW / 1000),
      entries: [
        { nodeId: 1, lsSeq: -1, lsTimestamp: 0, neighbours: [2, 3] },
        // Node 3's link with us is Up: we list ourselves among its neighbours (OpenSIPS leaves the sender out).
        { nodeId: 3, lsSeq: 0, lsTimestamp: 100, neighbours: [2, 4, 1] },
        { nodeId: 4, description: { ...desc(4, 9) }, lsSeq: 6, lsTimestamp: 777, neighbours: [2] },
      ],
      path: [1],
    });
    assert.equal(v.buildFullTopUpdate(3, [], NOW).seq, 1, 'one TOP counter value per update');
  });

  it('a receiver that missed the LS_UPDATE of a link between the sender and a third node learns the link from the full update', () => {
    // Node 1 (sender) and node 3 have an Up link; node 3 reported it with LS seq 2, which node 2 missed (it was disabled).
    const sender = makeView([2, 3]);
    bringUp(sender, [2, 3]);
    sender.applyLsUpdate(ls(3, 2, 2, 0), 0); // what node 1 knows of node 3: 3 -> 2 Up, LS seq 2
    const msg = sender.buildFullTopUpdate(2, [3], NOW);
    assert.deepEqual(msg.entries.find((e) => e.nodeId === 3)?.neighbours.sort(), [1, 2], 'the sender is listed among the neighbours of a node it has an Up link with');

    const receiver = new ClusterView({ clusterId: CID, local: { id: 2, url: url(2) } });
    receiver.addNode({ id: 1, url: url(1) });
    receiver.addNode({ id: 3, url: url(3) });
    receiver.applyLsUpdate({ ...ls(3, 1, 1, 1), clusterId: CID }, 0); // seq 1: 3 -> 1 Down (the last it saw)
    assert.deepEqual(sorted(receiver.getNode(3)!.adjacency), []);
    assert.equal(receiver.applyFullTopUpdate(msg, 0).accepted, true);
    assert.deepEqual(sorted(receiver.getNode(3)!.adjacency), [1], 'node 2 now knows 3 -> 1 is Up');
  });

  it('our own entry carries our LS counter once we sent an LS_UPDATE', () => {
    const v = makeView([2, 3]);
    bringUp(v, [2, 3]);
    assert.equal(v.buildLsUpdate(3, 0, NOW)?.msg.seq, 0);
    assert.deepEqual(v.buildFullTopUpdate(2, [3], NOW).entries[0], { nodeId: 1, lsSeq: 0, lsTimestamp: 0, neighbours: [2, 3] });
  });
});

describe('buildLsUpdate (§3.4)', () => {
  it('returns null and keeps the counter when there is no other Up neighbour', () => {
    const v = makeView([2, 3]);
    bringUp(v, [2]);
    assert.equal(v.buildLsUpdate(2, 0, NOW), null);
    assert.equal(v.local.ls.seq, -1);
  });

  it('goes to every other Up neighbour, counter first value 0', () => {
    const v = makeView([2, 3, 4]);
    bringUp(v, [2, 3, 4]);
    const first = v.buildLsUpdate(2, 1, NOW);
    assert.deepEqual(first, {
      msg: { kind: 'ls_update', clusterId: CID, srcId: 1, seq: 0, timestamp: Math.floor(NOW / 1000), neighbourId: 2, state: 1, path: [1] },
      destinations: [3, 4],
    });
    assert.equal(v.buildLsUpdate(3, 0, NOW)?.msg.seq, 1);
  });
});

describe('nodeListForPong (§3.3)', () => {
  it('lists known nodes except ourselves and the pinger', () => {
    const v = makeView([2, 3, 4]);
    assert.deepEqual(v.nodeListForPong(3), [2, 4]);
  });
});

describe('buildFullTopUpdates: a topology larger than a packet', () => {
  const wideUrl = (id: number): string => `bin:10.0.${id >> 8}.${id & 255}:5566`;
  const JOIN_ANY_RULES = { ...DEFAULT_ADMISSION, maxNodes: 400 };

  /** Node 1 in a full mesh of n nodes (links of the others as their LS_UPDATEs reported them). */
  function mesh(n: number): ClusterView {
    const v = new ClusterView({ clusterId: CID, local: { id: 1, url: wideUrl(1) }, admission: JOIN_ANY_RULES });
    const ids = Array.from({ length: n - 1 }, (_, i) => i + 2);
    for (const id of ids) v.addNode({ id, url: wideUrl(id) });
    bringUp(v, ids);
    for (const a of ids) {
      let seq = 0;
      for (const b of ids) if (b !== a) v.applyLsUpdate(ls(a, seq++, b, 0), 0);
    }
    return v;
  }

  it('one packet, the same as buildFullTopUpdate, when it fits', () => {
    const a = mesh(20);
    const b = mesh(20);
    assert.deepEqual(a.buildFullTopUpdates(2, [], NOW, 65_515), [b.buildFullTopUpdate(2, [], NOW)]);
  });

  it('parts that each fit, each starting with the sender, which teach a newcomer the same topology as one update would', async () => {
    const { encodeMessage } = await import('../../../src/engine/wire/index.js');
    const n = 300;
    const sender = mesh(n);
    // wire_max_nodes just above the cluster's size: the descriptions alone take 300 entries, and a part may hold 308.
    const maxNodes = n + 8;
    const parts = sender.buildFullTopUpdates(n + 1, [], NOW, 65_515, false, maxNodes);
    assert.ok(parts.length > 1, `${parts.length} parts`);
    parts.forEach((p, i) => {
      assert.equal(p.entries[0]!.nodeId, 1, 'our own entry first');
      assert.equal(p.seq, i, 'one TOP counter value per part');
      assert.ok(p.entries.length <= maxNodes, `part ${i}: ${p.entries.length} entries`);
      assert.ok(encodeMessage(p, { maxNodes }).length <= 65_515 - 100, 'room left for the path of a forwarder');
    });
    // A newcomer (db_mode 0) that knows only node 1 applies the parts in order.
    const rx = new ClusterView({ clusterId: CID, local: { id: n + 1, url: wideUrl(n + 1) }, admission: JOIN_ANY_RULES });
    rx.addNode({ id: 1, url: wideUrl(1) });
    const warnings: string[] = [];
    for (const p of parts) for (const e of rx.applyFullTopUpdate(p, 0).effects) if (e.type === 'log' && e.level === 'warn') warnings.push(e.msg);
    assert.equal(rx.nodes.size, n - 1 + 1);
    for (let id = 2; id <= n; id++) {
      const adj = rx.getNode(id)!.adjacency;
      assert.equal(adj.size, n - 1, `node ${id} linked to all others (us included: listed by the sender)`);
    }
    assert.equal(rx.getNode(1)!.adjacency.size, n - 1, 'the sender linked to every other node');
    assert.deepEqual(warnings, [], 'no neighbour was listed before it was described');
  });
});
