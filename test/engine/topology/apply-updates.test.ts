import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LinkState as S } from '../../../src/engine/topology/link-state.js';
import { bringUp, CID, desc, entry, logsOf, ls, makeView, NOW, sorted, top, url } from './helpers.js';

describe('applyFullTopUpdate (§4.7)', () => {
  it('creates learned nodes from descriptions and records every reported adjacency (db_mode 0)', () => {
    const v = makeView([2]);
    bringUp(v, [2]);
    v.reachabilityChanges();
    const r = v.applyFullTopUpdate(
      top(2, 0, [entry(2, 0, [1, 3, 4]), entry(3, 2, [2, 4], desc(3, 10)), entry(4, 0, [2, 3], desc(4))]),
      0,
    );
    assert.equal(r.accepted, true);
    assert.equal(r.flood, true);
    assert.deepEqual(
      r.effects.filter((e) => e.type === 'node_added'),
      [
        { type: 'node_added', nodeId: 3 },
        { type: 'node_added', nodeId: 4 },
      ],
    );
    const n3 = v.getNode(3);
    assert.ok(n3);
    assert.equal(n3.learned, true);
    assert.equal(n3.dbId, -1);
    assert.equal(n3.enabled, true);
    assert.equal(n3.url, url(3));
    assert.equal(n3.priority, 10);
    assert.equal(n3.link.state, S.RESTART_PINGING);
    assert.deepEqual(n3.ls, { seq: 2, ts: 100, epoch: 100 }, 'the run started by second 100 at the latest');
    assert.deepEqual(sorted(v.getNode(2)?.adjacency ?? []), [3, 4], 'the local node is never stored');
    assert.deepEqual(sorted(n3.adjacency), [2, 4]);
    assert.deepEqual(sorted(v.getNode(4)?.adjacency ?? []), [2, 3]);
    assert.deepEqual(v.getNode(2)?.top, { seq: 0, ts: 100, epoch: 100 });
    assert.equal(v.nextHop(3), 2);
    assert.deepEqual(v.reachabilityChanges(), [
      { nodeId: 3, up: true },
      { nodeId: 4, up: true },
    ]);
  });

  it('stale TOP seq is rejected: nothing applied, no flood', () => {
    const v = makeView([2, 3]);
    bringUp(v, [2]);
    assert.equal(v.applyFullTopUpdate(top(2, 4, [entry(2, -1, [3])]), 0).flood, true);
    const version = v.version;
    const r = v.applyFullTopUpdate(top(2, 4, [entry(2, 1, [])]), 0);
    assert.deepEqual(r, { accepted: false, flood: false, effects: [] });
    assert.equal(v.version, version);
    assert.deepEqual(sorted(v.getNode(2)?.adjacency ?? []), [3]);
  });

  it('entries after the first need a newer LS counter; the first is applied unconditionally in the first update of a run', () => {
    const v = makeView([2, 3, 4]);
    bringUp(v, [2]);
    v.applyLsUpdate(ls(3, 5, 4, 0), 0); // we already hold LS seq 5 from node 3
    v.applyLsUpdate(ls(2, 9, 3, 0), 0); // and seq 9 from node 2
    v.applyFullTopUpdate(top(2, 0, [entry(2, 1, [4]), entry(3, 5, [2])]), 0);
    assert.deepEqual(sorted(v.getNode(2)?.adjacency ?? []), [4], 'first entry applied despite older LS seq');
    assert.deepEqual(v.getNode(2)?.ls, { seq: 1, ts: 100, epoch: 100 });
    assert.deepEqual(sorted(v.getNode(3)?.adjacency ?? []), [4], 'stale entry about 3 skipped');
    v.applyFullTopUpdate(top(2, 1, [entry(2, 2, [4]), entry(3, 6, [2])]), 0);
    assert.deepEqual(sorted(v.getNode(3)?.adjacency ?? []), [2]);
  });

  it('a later update whose own entry is older than the LS_UPDATEs we hold from its originator is skipped, not rolled back', () => {
    const v = makeView([2, 3, 4]);
    bringUp(v, [2]);
    v.applyFullTopUpdate(top(2, 0, [entry(2, 1, [3])]), 0);
    v.applyLsUpdate(ls(2, 4, 4, 0), 0); // LS seq 4 from node 2: 2–4 Up
    const r = v.applyFullTopUpdate(top(2, 1, [entry(2, 3, [3])]), 0); // built before that LS_UPDATE
    assert.equal(r.accepted, true);
    assert.deepEqual(v.getNode(2)?.ls, { seq: 4, ts: 100, epoch: 100 }, 'counter not moved back');
    assert.deepEqual(sorted(v.getNode(2)?.adjacency ?? []), [3, 4], 'newer adjacency kept');
    assert.equal(v.applyLsUpdate(ls(2, 4, 4, 0), 0).flood, false, 'a late copy of LS seq 4 is still a copy');
    v.applyFullTopUpdate(top(2, 2, [entry(2, 4, [3])]), 0); // same LS counter: applied
    assert.deepEqual(sorted(v.getNode(2)?.adjacency ?? []), [3]);
  });

  it("the originator's own counter (timestamp 0 on the wire) is kept with the update's time, so a relayed entry of its older run loses to the newer run", () => {
    const v = makeView([2, 3, 4]);
    bringUp(v, [2, 3]);
    // Node 3's first run, learned from its own FULL_TOP_UPDATE at second 100: LS counter 25.
    v.applyFullTopUpdate(top(3, 0, [entry(3, 25, [2], undefined, 0)], 100), 0);
    assert.deepEqual(v.getNode(3)?.ls, { seq: 25, ts: 100, epoch: 100 });
    // Node 3 restarts at second 130: its new run's counters start again.
    v.applyLsUpdate(ls(3, 0, 4, 0, 130), 0); // 3–4 Up
    v.applyLsUpdate(ls(3, 2, 2, 0, 130), 0); // 3–2 Up
    assert.deepEqual(v.getNode(3)?.ls.seq, 2);
    // Node 2, which holds node 3's first run (25, second 100), relays it: refused, the new run stays.
    v.applyFullTopUpdate(top(2, 0, [entry(2, 1, [3]), entry(3, 25, [2], undefined, 100)], 131), 0);
    assert.deepEqual([v.getNode(3)?.ls.seq, v.getNode(3)?.ls.ts], [2, 130]);
    assert.deepEqual(sorted(v.getNode(3)?.adjacency ?? []), [2, 4], 'the new run reported links 3-4 and 3-2 Up');
  });

  it('links an entry no longer lists are removed, except towards the originator', () => {
    const v = makeView([2, 3, 4]);
    bringUp(v, [2]);
    v.applyFullTopUpdate(top(2, 0, [entry(2, 0, [3, 4]), entry(3, 0, [2, 4])]), 0);
    v.applyFullTopUpdate(top(2, 1, [entry(2, 1, [3]), entry(3, 1, [])]), 0);
    assert.deepEqual(sorted(v.getNode(2)?.adjacency ?? []), [3]);
    assert.deepEqual(sorted(v.getNode(3)?.adjacency ?? []), [2], '3→2 kept: 2 cannot know its neighbours’ links to itself');
  });

  it('unknown nodes without description and unknown neighbours are warned about and skipped', () => {
    const v = makeView([2]);
    bringUp(v, [2]);
    const r = v.applyFullTopUpdate(top(2, 0, [entry(2, 0, [5, 6]), entry(5, 0, []), entry(6, 0, [], desc(6))]), 0);
    assert.deepEqual(logsOf(r.effects).filter((m) => m.startsWith('Unknown')), [
      'Unknown neighbour id [5] in topology update about node [2] with source [2]',
      'Unknown node id [5] in topology update with source [2]',
    ]);
    assert.equal(v.getNode(5), undefined);
    assert.ok(v.getNode(6), 'neighbour learned from the description carried by another entry');
    assert.deepEqual(sorted(v.getNode(2)?.adjacency ?? []), [6]);
  });

  it('is flooded only when it taught us a node, links of other nodes, or its originator\'s own links changed', () => {
    const v = makeView([2, 3, 4]);
    bringUp(v, [2]);
    assert.equal(v.applyFullTopUpdate(top(2, 0, [entry(2, -1, [3])]), 0).flood, true, '2–3 learned; 2 never sent an LS_UPDATE');
    assert.equal(v.applyFullTopUpdate(top(2, 1, [entry(2, -1, [3])]), 0).flood, false, 'the same view again');
    // An update of its own entry only may be all its originator sends of that change (ls_batch_interval): passed on.
    assert.equal(v.applyFullTopUpdate(top(2, 2, [entry(2, 0, [])]), 0).flood, true, '2–3 gone, with a newer LS counter');
    assert.deepEqual(sorted(v.getNode(2)?.adjacency ?? []), [], 'applied all the same');
    assert.equal(v.applyFullTopUpdate(top(2, 3, [entry(2, 0, []), entry(3, 0, [4])]), 0).flood, true, '3–4 learned');
    const learn = v.applyFullTopUpdate(top(2, 4, [entry(2, 0, []), entry(5, 0, [], desc(5))]), 0);
    assert.equal(learn.flood, true, 'node 5 learned');
  });

  it('db_mode 1 learns nothing and ignores unknown ids silently', () => {
    const v = makeView([2]);
    bringUp(v, [2]);
    const r = v.applyFullTopUpdate(top(2, 0, [entry(2, 0, [3]), entry(3, 0, [2], desc(3))]), 1);
    assert.equal(r.accepted, true);
    assert.equal(r.flood, false, 'nothing learned, nothing to pass on');
    assert.equal(v.getNode(3), undefined);
    assert.deepEqual(logsOf(r.effects), []);
  });

  it('an entry listing us while our link to that node is DOWN restarts pinging it', () => {
    const v = makeView([2, 3]);
    bringUp(v, [2]);
    const n3 = v.getNode(3);
    assert.ok(n3);
    n3.link = { ...n3.link, state: S.DOWN };
    v.applyFullTopUpdate(top(2, 0, [entry(2, 0, [3]), entry(3, 0, [1, 2])]), 0);
    assert.equal(v.getNode(3)?.link.state, S.RESTART_PINGING);
  });

  it('rejects node counts above 128 without flooding', () => {
    const v = makeView([2]);
    bringUp(v, [2]);
    const entries = Array.from({ length: 129 }, (_, i) => entry(i + 2, 0, []));
    const r = v.applyFullTopUpdate(top(2, 0, entries), 0);
    assert.equal(r.flood, false);
    assert.match(logsOf(r.effects)[0] ?? '', /Invalid number of nodes \[129\]/);
  });
});

describe('applyLsUpdate (§3.4)', () => {
  it('records Up and Down links of the originator and floods', () => {
    const v = makeView([2, 3]);
    bringUp(v, [2]);
    v.reachabilityChanges();
    const up = v.applyLsUpdate(ls(2, 0, 3, 0), 0);
    assert.deepEqual(up, { accepted: true, flood: true, effects: [] });
    assert.deepEqual(sorted(v.getNode(2)?.adjacency ?? []), [3]);
    assert.equal(v.nextHop(3), 2);
    assert.deepEqual(v.reachabilityChanges(), [{ nodeId: 3, up: true }]);
    const down = v.applyLsUpdate(ls(2, 1, 3, 1), 0);
    assert.equal(down.flood, true);
    assert.deepEqual(sorted(v.getNode(2)?.adjacency ?? []), []);
    assert.deepEqual(v.reachabilityChanges(), [{ nodeId: 3, up: false }]);
  });

  it('a stale seq is dropped silently and not flooded', () => {
    const v = makeView([2, 3]);
    bringUp(v, [2]);
    v.applyLsUpdate(ls(2, 3, 3, 0), 0);
    assert.deepEqual(v.applyLsUpdate(ls(2, 3, 3, 1), 0), { accepted: false, flood: false, effects: [] });
    assert.deepEqual(v.applyLsUpdate(ls(2, 2, 3, 1), 0).flood, false);
    assert.deepEqual(sorted(v.getNode(2)?.adjacency ?? []), [3]);
  });

  it('about us and announcing Down while our link is Up → restart pinging (link down + LS_UPDATE)', () => {
    const v = makeView([2, 3]);
    bringUp(v, [2, 3]);
    const r = v.applyLsUpdate(ls(2, 0, 1, 1), 0);
    assert.equal(r.flood, true);
    assert.equal(v.getNode(2)?.link.state, S.RESTART_PINGING);
    assert.deepEqual(r.effects, [{ type: 'link_down', nodeId: 2, announce: true }]);
    assert.deepEqual(sorted(v.local.adjacency), [3]);
  });

  it('about us and announcing Up while our link is Down → restart pinging', () => {
    const v = makeView([2]);
    const n2 = v.getNode(2);
    assert.ok(n2);
    n2.link = { ...n2.link, state: S.DOWN };
    const r = v.applyLsUpdate(ls(2, 0, 1, 0), 0);
    assert.equal(v.getNode(2)?.link.state, S.RESTART_PINGING);
    assert.deepEqual(r.effects, []);
  });

  it('about us and agreeing → nothing changes', () => {
    const v = makeView([2]);
    bringUp(v, [2]);
    const r = v.applyLsUpdate(ls(2, 0, 1, 0), 0);
    assert.equal(v.getNode(2)?.link.state, S.UP);
    assert.deepEqual(r, { accepted: true, flood: true, effects: [] });
  });

  it('unknown neighbour: warning in db_mode 0, silence in db_mode 1, never flooded', () => {
    const v = makeView([2]);
    const r0 = v.applyLsUpdate(ls(2, 0, 9, 0), 0);
    assert.deepEqual(r0.effects, [{ type: 'log', level: 'warn', msg: 'Received link state update about unknown node id [9]' }]);
    assert.equal(r0.flood, false);
    const r1 = v.applyLsUpdate(ls(2, 1, 9, 0), 1);
    assert.deepEqual(r1, { accepted: true, flood: false, effects: [] });
  });
});

describe('applyNodeDescription (§3.7)', () => {
  const msg = (srcId: number) => ({ kind: 'node_description' as const, clusterId: CID, srcId, ...desc(srcId, 7), path: [srcId] });

  it('db_mode 0: an unknown node is created (learned, probing, DB id −1) and flooded', () => {
    const v = makeView([2]);
    const r = v.applyNodeDescription(msg(5), 0);
    assert.equal(r.accepted, true);
    assert.equal(r.flood, true);
    const n = v.getNode(5);
    assert.ok(n);
    assert.equal(n.learned, true);
    assert.equal(n.dbId, -1);
    assert.equal(n.priority, 7);
    assert.equal(n.link.state, S.RESTART_PINGING);
    assert.equal(n.seed, false);
  });

  it('db_mode 1: ignored', () => {
    const v = makeView([2]);
    assert.deepEqual(v.applyNodeDescription(msg(5), 1), { accepted: false, flood: false, effects: [] });
    assert.equal(v.getNode(5), undefined);
  });

  it('a known node’s description is dropped (that is what ends the flood)', () => {
    const v = makeView([2]);
    const r = v.applyNodeDescription(msg(2), 0);
    assert.equal(r.flood, false);
    assert.deepEqual(logsOf(r.effects), ['Already got node description']);
  });
});

describe('announcements: a FULL_TOP_UPDATE of its originator\'s own entry only (ls_batch_interval)', () => {
  it('replaces the originator\'s links, names the ones it lost, floods like an LS_UPDATE, and an older copy changes nothing', () => {
    const v = makeView([2, 3, 4]);
    bringUp(v, [2, 3, 4]);
    const first = v.applyFullTopUpdate(top(2, 5, [entry(2, 7, [1, 3, 4])]), 0);
    assert.equal(first.accepted, true);
    assert.equal(first.announced, true);
    assert.equal(first.flood, true);
    assert.deepEqual(first.linksLost, []);
    assert.deepEqual(sorted(v.getNode(2)?.adjacency ?? []), [3, 4]);
    const next = v.applyFullTopUpdate(top(2, 6, [entry(2, 8, [1, 3])]), 0);
    assert.deepEqual(next.linksLost, [4], 'the link 2-4 is gone');
    assert.equal(next.flood, true);
    assert.deepEqual(sorted(v.getNode(2)?.adjacency ?? []), [3]);
    assert.equal(v.getNode(2)?.ls.seq, 8);
    const again = v.applyFullTopUpdate(top(2, 6, [entry(2, 8, [1, 3])]), 0);
    assert.equal(again.accepted, false, 'a copy by another path: same TOP counter');
    const stale = v.applyFullTopUpdate(top(2, 7, [entry(2, 4, [1, 3, 4])]), 0);
    assert.equal(stale.flood, false, 'an own entry older than the LS counter held is not applied');
    assert.deepEqual(sorted(v.getNode(2)?.adjacency ?? []), [3]);
  });

  it('buildAnnouncement takes the next LS and TOP counters and goes to every Up neighbour; nothing without one', () => {
    const v = makeView([2, 3]);
    assert.equal(v.buildAnnouncement(NOW), null);
    assert.equal(v.local.ls.seq, -1, 'no counter consumed');
    bringUp(v, [2, 3]);
    const plan = v.buildAnnouncement(NOW);
    assert.ok(plan);
    assert.deepEqual(sorted(plan.destinations), [2, 3]);
    assert.equal(plan.msg.entries.length, 1);
    assert.deepEqual({ ...plan.msg.entries[0], neighbours: sorted(plan.msg.entries[0]?.neighbours ?? []) }, { nodeId: 1, lsSeq: 0, lsTimestamp: 0, neighbours: [2, 3] });
    assert.equal(plan.msg.seq, 0);
    assert.equal(v.buildAnnouncement(NOW)?.msg.entries[0]?.lsSeq, 1);
  });

  it('a catch-up FULL_TOP_UPDATE holds only the nodes the neighbour did not list, and is not built when it lists them all', () => {
    const v = makeView([2, 3, 4]);
    bringUp(v, [2, 3, 4]);
    assert.deepEqual(v.buildFullTopUpdates(2, [3, 4], NOW, 65_000, true), []);
    const parts = v.buildFullTopUpdates(2, [3], NOW, 65_000, true);
    assert.equal(parts.length, 1);
    assert.deepEqual(parts[0]?.entries.map((e) => [e.nodeId, e.description !== undefined]), [[1, false], [4, true]]);
  });
});
