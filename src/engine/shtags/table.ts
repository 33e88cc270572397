/**
 * The sharing tags of a node as a pure state machine: every operation
 * changes the records and returns the effects (sends, reports, logs) for
 * the driver to perform. OpenSIPS behaviour (reference §6) unless a tag has
 * a `sharing_tag_policy`.
 */
import type { SharingTagConfig, SharingTagPolicyConfig } from '../config/index.js';
import { Arbiter } from './arbiter.js';
import { ShtagCode, ShtagError } from '../common/shtag-errors.js';
import { arbitrates, OPENSIPS_POLICY, policyFlags, type TagPolicy } from './policy.js';
import type { PeerTagState } from './state-msg.js';
import { viewOf, type ShtagEffect, type TagRecord, type TagView } from './tag.js';
import { tagKey } from '../common/tag-ref.js';
import { broadcastReason, InitialReason, takeoverReason, type ShtagState } from './wording.js';

/** What the table asks of the cluster (queries only, no effects). */
export interface TableEnv {
  myId: number;
  now(): number;
  /** Every remote node of the cluster (enabled or not), as OpenSIPS iterates them. */
  remoteNodes(clusterId: number): number[];
  reachable(clusterId: number, nodeId: number): boolean;
  /** False while the local node is disabled in the cluster (it must not take over then). */
  localEnabled(clusterId: number): boolean;
}

export interface TableInit {
  tags?: readonly SharingTagConfig[];
  policies?: readonly SharingTagPolicyConfig[];
}

export class ShtagTable {
  private readonly tags = new Map<string, TagRecord>();
  private readonly policies = new Map<string, TagPolicy>();
  private readonly arbiter: Arbiter;

  constructor(private readonly env: TableEnv, init: TableInit = {}) {
    this.arbiter = new Arbiter(env.myId);
    for (const p of init.policies ?? []) this.policies.set(tagKey(p.name, p.clusterId), { onDown: p.onDown, onConflict: p.onConflict });
    for (const c of init.tags ?? []) {
      const t = this.create(c.name, c.clusterId, InitialReason.CONFIG);
      // A tag configured active announces itself to each node as it comes up, without an event.
      if (c.state === 'active') Object.assign(t, { state: 'active', pending: true, owner: env.myId });
    }
    for (const p of init.policies ?? []) if (!this.tags.has(tagKey(p.name, p.clusterId))) this.create(p.name, p.clusterId, InitialReason.POLICY);
  }

  private create(name: string, clusterId: number, reason: string): TagRecord {
    const policy = this.policies.get(tagKey(name, clusterId)) ?? OPENSIPS_POLICY;
    const t: TagRecord = {
      name, clusterId, state: 'backup', since: this.env.now(), reason, pending: false, informed: new Set(), inflight: new Set(), epoch: 0,
      owner: null, policy: { ...policy }, supersedes: null, conflictRounds: [],
    };
    this.tags.set(tagKey(name, clusterId), t);
    return t;
  }

  private ensure(name: string, clusterId: number, reason: string): TagRecord {
    return this.tags.get(tagKey(name, clusterId)) ?? this.create(name, clusterId, reason);
  }

  /** Drops tags of clusters the node is not in (OpenSIPS does it at start-up). */
  purge(hasCluster: (clusterId: number) => boolean): ShtagEffect[] {
    const out: ShtagEffect[] = [];
    for (const [k, t] of this.tags) {
      if (hasCluster(t.clusterId)) continue;
      this.tags.delete(k);
      out.push({ type: 'log', level: 'warn', msg: `cluster id [${t.clusterId}] required by tag <${t.name}> not found, purging tag` });
    }
    return out;
  }

  find(name: string, clusterId: number): TagView | undefined {
    const t = this.tags.get(tagKey(name, clusterId));
    return t && viewOf(t);
  }

  /** Reads a tag, creating it as backup if unknown (like `$cluster.sh_tag`). */
  get(name: string, clusterId: number): TagView {
    return viewOf(this.ensure(name, clusterId, InitialReason.FIRST_USE));
  }

  /** Most recently created first, like OpenSIPS lists them. */
  list(): TagView[] {
    return [...this.tags.values()].reverse().map(viewOf);
  }

  /** Activation (reference §6 steps 1–3). Re-activating an active tag announces again, without a report. */
  activate(name: string, clusterId: number, reason: string): ShtagEffect[] {
    const t = this.ensure(name, clusterId, InitialReason.FIRST_USE);
    const changed = t.state !== 'active';
    if (changed) Object.assign(t, { state: 'active', since: this.env.now(), reason, supersedes: this.handoverOf(t) });
    t.owner = this.env.myId;
    const out = [this.announce(t, this.env.remoteNodes(clusterId), false)];
    if (changed) out.push(this.changed(t));
    return out;
  }

  /** Whom an activation hands over from: the owner we know, if we can reach it (else it is a conflict in the making). */
  private handoverOf(t: TagRecord): TagRecord['supersedes'] {
    const o = t.owner;
    if (o === null || o === this.env.myId || !this.env.reachable(t.clusterId, o)) return null;
    return { nodeId: o, since: this.arbiter.activeSince(t.clusterId, o, t.name) ?? 0 };
  }

  /** Only activation is possible locally: a node goes to backup when another node activates the tag. */
  setState(name: string, clusterId: number, state: ShtagState, reason: string): ShtagEffect[] {
    if (state === 'active') return this.activate(name, clusterId, reason);
    throw new ShtagError(ShtagCode.BACKUP_NOT_ALLOWED, `cannot set tag <${name}/${clusterId}> to backup, operation not allowed`);
  }

  /**
   * Every node when nothing is pending (a new round: `informed` starts
   * over), else only the nodes not yet informed. `fresh` forces a new round.
   */
  private announce(t: TagRecord, nodes: number[], fresh: boolean): ShtagEffect {
    if (!t.pending || fresh) this.newRound(t);
    const targets = nodes.filter((n) => !t.informed.has(n));
    for (const n of targets) t.inflight.add(n);
    return { type: 'announce', clusterId: t.clusterId, name: t.name, epoch: t.epoch, nodes: targets, withState: arbitrates(t.policy) };
  }

  /** Starts over: nobody informed, nothing in flight; results of older rounds will be ignored. */
  private newRound(t: TagRecord): void {
    Object.assign(t, { pending: false, informed: new Set<number>(), inflight: new Set<number>(), epoch: t.epoch + 1 });
  }

  /** The outcome of one SHTAG_ACTIVE send: informed, or the tag stays pending. */
  announced(clusterId: number, name: string, epoch: number, nodeId: number, ok: boolean): void {
    const t = this.tags.get(tagKey(name, clusterId));
    if (!t || t.epoch !== epoch) return;
    t.inflight.delete(nodeId);
    if (ok) t.informed.add(nodeId);
    else t.pending = true;
  }

  /** SHTAG_ACTIVE from `srcId`: backup (creating the tag if unknown), unless a conflict policy lets us keep it. */
  receiveActive(clusterId: number, name: string, srcId: number): ShtagEffect[] {
    const t = this.ensure(name, clusterId, broadcastReason(srcId));
    if (t.state === 'active' && t.policy.onConflict !== 'none' && !this.arbiter.isHandover(clusterId, srcId, name, t.since)) {
      const peerSince = this.arbiter.activeSince(clusterId, srcId, name);
      if (this.arbiter.conflict(t, srcId, peerSince, this.env.now())) return this.keep(t, srcId);
    }
    const was = t.state;
    this.newRound(t);
    Object.assign(t, { state: 'backup', owner: srcId, supersedes: null });
    if (was !== 'active') return [];
    Object.assign(t, { since: this.env.now(), reason: broadcastReason(srcId) });
    // Nodes that heard our activation after the winner's would keep us as owner: tell them who it is now.
    const tell: ShtagEffect[] = arbitrates(t.policy) ? [{ type: 'advertise', clusterId, nodes: this.env.remoteNodes(clusterId).filter((n) => n !== srcId) }] : [];
    return [this.changed(t), ...tell];
  }

  /** We won a conflict: tell every node again, so the loser steps down and everyone knows the owner. */
  private keep(t: TagRecord, peer: number): ShtagEffect[] {
    const msg = `tag <${t.name}/${t.clusterId}>: node ${peer} is active too; keeping it (on_conflict=${t.policy.onConflict}) and announcing again`;
    return [{ type: 'log', level: 'notice', msg }, this.announce(t, this.env.remoteNodes(t.clusterId), true)];
  }

  /** A `cl-shtag` STATE from `srcId`: learn holders and owners; settle a conflict it reveals. */
  receiveState(clusterId: number, srcId: number, entries: readonly PeerTagState[]): ShtagEffect[] {
    const ours = (name: string) => this.tags.get(tagKey(name, clusterId));
    const out: ShtagEffect[] = this.arbiter.record(clusterId, srcId, entries, ours).map((msg) => ({ type: 'log', level: 'warn', msg }));
    for (const e of entries) {
      const t = ours(e.name);
      if (!t) continue;
      if (!e.active) {
        // The node we took for the owner stepped down and names its successor.
        if (t.state === 'backup' && t.owner === srcId && e.owner !== 0 && e.owner !== this.env.myId) t.owner = e.owner;
        continue;
      }
      if (t.state === 'backup') {
        // Learn who is active (e.g. after our own restart), unless we already know a reachable owner.
        if (t.owner === null || !this.env.reachable(clusterId, t.owner)) t.owner = srcId;
      } else if (!this.arbiter.isHandover(clusterId, srcId, e.name, t.since) && this.arbiter.conflict(t, srcId, e.since, this.env.now())) {
        out.push(...this.keep(t, srcId));
      }
      // A loser does nothing here: the winner's SHTAG_ACTIVE (fresh, after its STATE) moves it to backup.
    }
    return out;
  }

  /** NODE UP: our STATE, then the pending announcements it has not had (reference §6). */
  nodeUp(clusterId: number, nodeId: number): ShtagEffect[] {
    const out: ShtagEffect[] = [];
    // The STATE goes first, once, and then serves every announcement below.
    if (this.stateEntries(clusterId).length > 0) out.push({ type: 'advertise', clusterId, nodes: [nodeId] });
    for (const t of this.tags.values()) {
      if (t.clusterId !== clusterId || t.informed.has(nodeId) || !(t.pending || t.inflight.has(nodeId))) continue;
      t.inflight.add(nodeId);
      out.push({ type: 'announce', clusterId, name: t.name, epoch: t.epoch, nodes: [nodeId], withState: false });
    }
    return out;
  }

  /** NODE DOWN: nothing in OpenSIPS; with `on_down: takeover`, maybe take over. */
  nodeDown(clusterId: number, nodeId: number): ShtagEffect[] {
    this.arbiter.forget(clusterId, nodeId);
    const out: ShtagEffect[] = [];
    if (!this.env.localEnabled(clusterId)) return out;
    const reachable = (id: number) => this.env.reachable(clusterId, id);
    for (const t of [...this.tags.values()]) {
      if (t.clusterId === clusterId && t.owner !== null && this.arbiter.takeoverDue(t, reachable)) {
        out.push(...this.activate(t.name, clusterId, takeoverReason(t.owner)));
      }
    }
    return out;
  }

  /** Our STATE for a cluster: every arbitrated tag. */
  stateEntries(clusterId: number): PeerTagState[] {
    return [...this.tags.values()]
      .filter((t) => t.clusterId === clusterId && arbitrates(t.policy))
      .map((t) => {
        const active = t.state === 'active';
        const s = active ? t.supersedes : null;
        const flags = policyFlags(t.policy);
        return { name: t.name, active, since: active ? t.since : 0, flags, supersedes: s?.nodeId ?? 0, supersededSince: s?.since ?? 0, owner: t.owner ?? 0 };
      });
  }

  private changed(t: TagRecord): ShtagEffect {
    return { type: 'changed', clusterId: t.clusterId, name: t.name, state: t.state, reason: t.reason };
  }
}
