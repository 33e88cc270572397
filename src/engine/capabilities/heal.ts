import { SR_GROUP } from '../cluster/clusterer.js';
import { encodeMessage, isWireError, type ModuleMsg } from '../wire/index.js';
import type { ClusterView } from '../topology/index.js';
import type { CapContext } from './context.js';
import { eligible } from './donor-choice.js';
import { CAP_HEAL_ASK, HEAL_ASK_TYPE, decodeHealAsk, encodeHealAsk } from './heal-ask.js';
import type { LocalCap } from './local-cap.js';
import type { SyncReceiver } from './receiver.js';
import { capIdentifier, REPORT } from './wording.js';

/** How long after a partition healed the node looks for a node of the other side to merge from. */
export const HEAL_DELAY_MS = 1000;
/** Merges owed per capability, at most (a node owes one per peer at a time, so this bounds nothing real). */
const MAX_OWED = 10_000;

const capKey = (cap: LocalCap): string => `${cap.clusterId}/${cap.name}`;

/**
 * Partition heal merges. A capability that asks for it (`resyncOnHeal`)
 * merges the data of every node that is back — one that was unreachable
 * and is reachable again, or whose direct link came Up again (a flap:
 * packets on the dead link were lost though the node stayed reachable
 * through others) — one merge at a time, and asks each of them (`cl-heal`)
 * to merge back from this node, so that a node frozen by SIGSTOP, which
 * saw nobody leave, merges too. A merge that cannot start now (a sync
 * under way, the node not synced yet) waits for a later tick.
 */
export class HealWatch {
  /** Per cluster: nodes that were reachable and are not any more. */
  private readonly lost = new Map<number, Set<number>>();
  /** Per cluster: nodes whose direct link was Up once (a later link Up is a flap that healed). */
  private readonly linked = new Map<number, Set<number>>();
  /** Per cluster: nodes back since the last check, and whether to ask them to merge back. */
  private readonly back = new Map<number, Map<number, boolean>>();
  /** Per capability: nodes to merge from, in order. */
  private readonly owed = new Map<string, Set<number>>();
  private healAt = 0;

  constructor(
    private readonly ctx: CapContext,
    private readonly receiver: SyncReceiver,
  ) {}

  reachable(clusterId: number, nodeId: number): void {
    if (this.lost.get(clusterId)?.delete(nodeId)) this.noteBack(clusterId, nodeId, true);
  }

  unreachable(clusterId: number, nodeId: number): void {
    let lost = this.lost.get(clusterId);
    if (!lost) this.lost.set(clusterId, (lost = new Set()));
    lost.add(nodeId);
    this.back.get(clusterId)?.delete(nodeId);
  }

  /** Our direct link with a neighbour came Up: after the first time, a flap healed. */
  linkUp(clusterId: number, nodeId: number): void {
    let linked = this.linked.get(clusterId);
    if (!linked) this.linked.set(clusterId, (linked = new Set()));
    if (linked.has(nodeId)) this.noteBack(clusterId, nodeId, true);
    else linked.add(nodeId);
  }

  /** A `cl-heal` ask: the sender merged from us and wants us to merge from it. */
  onAsk(view: ClusterView, msg: ModuleMsg): void {
    if (msg.type !== HEAL_ASK_TYPE) return;
    let name: string;
    try {
      name = decodeHealAsk(msg.payload);
    } catch (err) {
      if (!isWireError(err)) throw err;
      return this.ctx.c.log.warn(`bad ${CAP_HEAL_ASK} packet from node ${msg.srcId}: ${err.message}`);
    }
    for (const cap of this.ctx.all()) if (cap.clusterId === view.clusterId && cap.resyncOnHeal && (name === '' || name === cap.name)) this.owe(cap, msg.srcId);
  }

  private noteBack(clusterId: number, nodeId: number, ask: boolean): void {
    let back = this.back.get(clusterId);
    if (!back) this.back.set(clusterId, (back = new Map()));
    back.set(nodeId, ask || (back.get(nodeId) ?? false));
    this.healAt = this.ctx.now() + HEAL_DELAY_MS;
  }

  private owe(cap: LocalCap, nodeId: number): void {
    let set = this.owed.get(capKey(cap));
    if (!set) this.owed.set(capKey(cap), (set = new Set()));
    if (set.size < MAX_OWED) set.add(nodeId);
  }

  /** From the supervision timer: once the heal delay passed, the nodes back are owed merges; one merge per capability starts when it can. */
  tick(now: number): void {
    if (this.healAt > 0 && now >= this.healAt) {
      this.healAt = 0;
      for (const [clusterId, back] of this.back) {
        for (const cap of this.ctx.all()) if (cap.clusterId === clusterId && cap.resyncOnHeal && cap.enabled) for (const id of back.keys()) this.owe(cap, id);
        for (const [id, ask] of back) if (ask) this.ask(clusterId, id);
        back.clear();
      }
    }
    for (const cap of this.ctx.all()) this.mergeNext(cap);
  }

  private mergeNext(cap: LocalCap): void {
    const owed = this.owed.get(capKey(cap));
    if (!owed || owed.size === 0) return;
    const view = this.ctx.c.cluster.view(cap.clusterId);
    if (!view || !cap.resyncOnHeal || !cap.enabled) return void owed.clear();
    if (!cap.ok || cap.session || cap.pending) return; // later: a sync is under way or due
    for (const id of [...owed]) {
      if (!view.isReachable(id)) {
        owed.delete(id); // owed again when it is back
        continue;
      }
      if (!eligible(this.ctx, view, cap, id)) continue; // not synced yet: later
      owed.delete(id);
      this.ctx.c.status.report(SR_GROUP, capIdentifier(cap.name), REPORT.heal(id));
      this.ctx.c.log.info(`${REPORT.heal(id)} (capability '${cap.name}')`);
      this.receiver.requestSync(cap, { merge: true, among: new Set([id]) });
      return;
    }
  }

  /** Asks a node that is back to merge from us (an OpenSIPS node drops the ask: no handler for the capability). */
  private ask(clusterId: number, nodeId: number): void {
    const cl = this.ctx.c.cluster;
    const view = cl.view(clusterId);
    if (!view || !view.isReachable(nodeId)) return;
    if (![...this.ctx.all()].some((c) => c.clusterId === clusterId && c.resyncOnHeal && c.enabled)) return;
    const frame = encodeMessage({ kind: 'module', capability: CAP_HEAL_ASK, version: 1, type: HEAL_ASK_TYPE, payload: encodeHealAsk(''), clusterId, srcId: cl.myId, dstId: nodeId });
    void cl.route(view, nodeId, frame);
  }
}
