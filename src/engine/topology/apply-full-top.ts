/** Applying a received FULL_TOP_UPDATE, step by step as in reference §4.7. */
import { MAX_NO_NODES } from '../wire/constants.js';
import type { FullTopUpdateMsg, NodeDescription, TopEntry } from '../wire/types.js';
import type { ClusterView } from './cluster-view.js';
import { onRestartPinging } from './link-fsm.js';
import { LinkState } from './link-state.js';
import type { ApplyResult, RemoteNode, TopologyEffect } from './node-record.js';
import { NodeSet } from './node-set.js';
import { acceptedSeq, acceptSeq, runBound } from './seq.js';

const warn = (msg: string): TopologyEffect => ({ type: 'log', level: 'warn', msg });

/**
 * OpenSIPS floods every accepted FULL_TOP_UPDATE. Here it is flooded only
 * when it taught us something the LS_UPDATE floods do not carry: a node, or
 * links of nodes other than its originator (the originator's own links are
 * announced by its LS_UPDATEs, unless it never sent one). An update that
 * taught us nothing carries nothing our neighbours lack either, as far as
 * they agree with us, and a neighbour that does not gets our whole view in
 * the FULL_TOP_UPDATE sent when its link comes up. A node that joins a full
 * mesh of N otherwise makes every node forward ~2N updates of N entries.
 */
export function applyFullTopUpdate(view: ClusterView, msg: FullTopUpdateMsg, dbMode: number): ApplyResult {
  const before = view.version;
  const src = view.nodes.get(msg.srcId);
  // 1. Acceptance test on the originator's TOP counter.
  if (!src || !src.enabled || !view.local.enabled) return { accepted: false, flood: false, effects: [] };
  if (!acceptSeq(src.top, msg.seq, msg.timestamp)) return { accepted: false, flood: false, effects: [] };
  src.top = acceptedSeq(src.top, msg.seq, msg.timestamp);

  // 2. Counts outside 0..128 abort the message (3.6+); a cluster of cl nodes may allow more (wire_max_nodes).
  const effects: TopologyEffect[] = [];
  const maxNodes = Math.max(MAX_NO_NODES, view.admission.maxNodes);
  if (msg.entries.length > maxNodes) {
    effects.push(warn(`Invalid number of nodes [${msg.entries.length}] in topology update with source [${msg.srcId}]`));
    return { accepted: true, flood: false, effects };
  }
  const crowded = msg.entries.find((e) => e.neighbours.length > maxNodes);
  if (crowded) {
    effects.push(warn(`Invalid number of neighbours [${crowded.neighbours.length}] in topology update with source [${msg.srcId}]`));
    return { accepted: true, flood: false, effects };
  }

  const descriptions = new Map<number, NodeDescription>();
  for (const e of msg.entries) if (e.description && !descriptions.has(e.nodeId)) descriptions.set(e.nodeId, e.description);

  const learn = (id: number, d: NodeDescription): RemoteNode | null => {
    const r = view.learnNode(id, d);
    effects.push(...r.effects);
    return r.node;
  };

  // An announcement (only the originator's own entry, see buildAnnouncement): flooded as an LS_UPDATE is.
  const own = msg.entries[0];
  if (msg.entries.length === 1 && own?.nodeId === msg.srcId) {
    const had = src.adjacency.clone();
    const lsBefore = src.ls.seq;
    const applied = applyEntry(view, msg.srcId, msg.seq, msg.timestamp, own, true, dbMode, descriptions, learn, effects);
    const linksLost: number[] = [];
    for (const id of had) if (!src.adjacency.has(id)) linksLost.push(id);
    const news = applied && (src.ls.seq !== lsBefore || !src.adjacency.equals(had));
    return { accepted: true, flood: news, effects, announced: true, linksLost };
  }

  // 3. Every entry in order.
  let afterOwn = before;
  let othersChanged = false;
  msg.entries.forEach((entry, i) => {
    const was = view.version;
    // Batched, a node's own announcements reach every node that can reach it, and a whole view is sent only across a
    // healed partition: what it teaches is passed on from the first hop, then only what we held of nodes we could not reach.
    const unheard = !view.batched || msg.path.length === 1 || view.nodes.get(entry.nodeId)?.reachable !== true;
    applyEntry(view, msg.srcId, msg.seq, msg.timestamp, entry, i === 0, dbMode, descriptions, learn, effects);
    if (i === 0) afterOwn = view.version;
    else if (view.version !== was && unheard) othersChanged = true;
  });

  // 4. Flood, when it taught us something (see above).
  const learned = effects.some((e) => e.type === 'node_added');
  const ownOnlyHere = !view.batched && afterOwn !== before && (msg.entries[0]?.lsSeq ?? -1) === -1;
  return { accepted: true, flood: learned || othersChanged || ownOnlyHere, effects };
}

function applyEntry(
  view: ClusterView,
  srcId: number,
  topSeq: number,
  topTs: number,
  entry: TopEntry,
  isFirst: boolean,
  dbMode: number,
  descriptions: ReadonlyMap<number, NodeDescription>,
  learn: (id: number, d: NodeDescription) => RemoteNode | null,
  effects: TopologyEffect[],
): boolean {
  const localId = view.local.id;
  // 3.1 About us: skip.
  if (entry.nodeId === localId) return false;

  // 3.2 Unknown node: learn it from its description (db_mode 0 only).
  let node = view.nodes.get(entry.nodeId) ?? null;
  if (!node) {
    if (dbMode !== 0) return false;
    if (!entry.description) {
      effects.push(warn(`Unknown node id [${entry.nodeId}] in topology update with source [${srcId}]`));
      return false;
    }
    node = learn(entry.nodeId, entry.description);
    if (!node) return false;
  }

  // 3.3–3.4 Others' entries must carry a newer LS counter; the originator's own entry, see ownEntryApplies.
  if (isFirst ? !ownEntryApplies(node, entry, topSeq) : !acceptSeq(node.ls, entry.lsSeq, entry.lsTimestamp)) return false;
  if (!isFirst) node.ls = acceptedSeq(node.ls, entry.lsSeq, entry.lsTimestamp);
  // The originator's own counter comes with timestamp 0: the update's own timestamp bounds the start of its run (see
  // acceptedSeq) and is kept with the counter, so that when this node relays the entry, the counter of an older run is
  // told from the newer one by its time (acceptSeq), as LS_UPDATEs are.
  else if (entry.lsSeq !== node.ls.seq) node.ls = { seq: entry.lsSeq, ts: topTs > 0 ? topTs : entry.lsTimestamp, epoch: runBound(node.ls, entry.lsSeq, topTs) };

  // 3.5 Reported Up links.
  const present = new NodeSet();
  for (const y of entry.neighbours) {
    if (y === localId) {
      // It sees a link with us that we consider Down: re-probe (consistency check, §4.5a).
      if (node.link.state === LinkState.DOWN && node.enabled) effects.push(...view.runLink(node, onRestartPinging(node.link)));
      continue;
    }
    if (!view.nodes.has(y)) {
      if (dbMode !== 0) continue;
      const d = descriptions.get(y);
      if (!d) {
        effects.push(warn(`Unknown neighbour id [${y}] in topology update about node [${entry.nodeId}] with source [${srcId}]`));
        continue;
      }
      if (!learn(y, d)) continue;
    }
    view.setAdjacent(node, y, true);
    present.add(y);
  }

  // 3.6 Every other known node it did not list: no link from it.
  // (Deleting from a NodeSet while iterating it is safe: each word is read once, before its bits are handed out.)
  for (const other of node.adjacency) {
    if (other === srcId || present.has(other)) continue;
    view.setAdjacent(node, other, false);
  }
  return true;
}

/**
 * OpenSIPS applies the originator's own entry unconditionally and stores its
 * LS counter (with timestamp 0). We do so for the first update after the
 * originator (re)started (TOP counter 0) and whenever the entry is not older
 * than what we hold. An update overtaken by newer LS_UPDATEs of its
 * originator is skipped: storing its older counter would make the
 * LS_UPDATEs still travelling through the cluster acceptable a second time,
 * and every node would flood them again (a storm that grows with the
 * cluster). An equal counter keeps the stored timestamp for the same reason.
 */
function ownEntryApplies(node: RemoteNode, entry: TopEntry, topSeq: number): boolean {
  return topSeq === 0 || entry.lsSeq >= node.ls.seq;
}
