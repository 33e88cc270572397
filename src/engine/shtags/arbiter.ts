/**
 * What a node knows about the other nodes' arbitrated tags (from their
 * `cl-shtag` STATE messages), and the two policy decisions built on it.
 */
import { CONFLICT_WINDOW_MS, keepsTag, MAX_CONFLICT_ROUNDS, PolicyFlag, policyFlags, shouldTakeOver } from './policy.js';
import type { PeerTagState } from './state-msg.js';
import type { TagRecord } from './tag.js';

export class Arbiter {
  /** cluster → node → tag name → last STATE entry. */
  private readonly peers = new Map<number, Map<number, Map<string, PeerTagState>>>();

  constructor(private readonly myId: number) {}

  /**
   * A STATE is a node's full list for the cluster: it replaces what we knew.
   * Returns warnings for tags whose policy differs from ours.
   */
  record(clusterId: number, nodeId: number, entries: readonly PeerTagState[], ours: (name: string) => TagRecord | undefined): string[] {
    const nodes = this.peers.get(clusterId) ?? new Map<number, Map<string, PeerTagState>>();
    this.peers.set(clusterId, nodes);
    const before = nodes.get(nodeId);
    const warnings: string[] = [];
    const byName = new Map<string, PeerTagState>();
    for (const e of entries) {
      byName.set(e.name, e);
      const t = ours(e.name);
      const mine = t ? policyFlags(t.policy) : 0;
      if (t && e.flags !== mine && before?.get(e.name)?.flags !== e.flags) {
        warnings.push(`node ${nodeId} arbitrates tag <${e.name}/${clusterId}> with policy flags ${e.flags}, ours are ${mine}: configure the same sharing_tag_policy on every node`);
      }
    }
    nodes.set(nodeId, byName);
    return warnings;
  }

  /** A node went down: it is no candidate any more, and will re-send its STATE when back. */
  forget(clusterId: number, nodeId: number): void {
    this.peers.get(clusterId)?.delete(nodeId);
  }

  /** When `nodeId` became active for the tag, if its last STATE said it is active. */
  activeSince(clusterId: number, nodeId: number, name: string): number | undefined {
    const e = this.peers.get(clusterId)?.get(nodeId)?.get(name);
    return e?.active ? e.since : undefined;
  }

  /**
   * Is `nodeId`'s activation a handover of ours (it replaced exactly our
   * current activation, started at `mySince`, while it could reach us)?
   * Then it is no conflict: we step down whatever the policy.
   */
  isHandover(clusterId: number, nodeId: number, name: string, mySince: number): boolean {
    const e = this.peers.get(clusterId)?.get(nodeId)?.get(name);
    return e !== undefined && e.active && e.supersedes === this.myId && e.supersededSince === mySince;
  }

  /** Nodes whose STATE says they take the tag over when its active node goes down. */
  holders(clusterId: number, name: string): number[] {
    const out: number[] = [];
    for (const [id, tags] of this.peers.get(clusterId) ?? []) {
      const e = tags.get(name);
      if (e && e.flags & PolicyFlag.TAKEOVER) out.push(id);
    }
    return out;
  }

  /**
   * Two actives met (we are active, `peer` announced or advertised itself
   * active). True when we keep the tag. Every round we win is counted;
   * past MAX_CONFLICT_ROUNDS within the window the decision is by node id.
   */
  conflict(t: TagRecord, peer: number, peerSince: number | undefined, now: number): boolean {
    if (t.policy.onConflict === 'none') return false;
    t.conflictRounds = t.conflictRounds.filter((at) => now - at < CONFLICT_WINDOW_MS);
    const rule = t.conflictRounds.length >= MAX_CONFLICT_ROUNDS ? 'lowest_id' : t.policy.onConflict;
    const keep = keepsTag(rule, { id: this.myId, since: t.since }, { id: peer, since: peerSince });
    if (keep) {
      t.conflictRounds.push(now);
      if (t.conflictRounds.length > MAX_CONFLICT_ROUNDS) t.conflictRounds.shift();
    }
    return keep;
  }

  /**
   * `on_down: takeover`: we are backup, the node we believe active is
   * unreachable, and no reachable holder of the tag has a lower id.
   */
  takeoverDue(t: TagRecord, reachable: (nodeId: number) => boolean): boolean {
    if (t.policy.onDown !== 'takeover' || t.state !== 'backup') return false;
    if (t.owner === null || t.owner === this.myId || reachable(t.owner)) return false;
    const holders = this.holders(t.clusterId, t.name).filter((id) => id !== t.owner && reachable(id));
    return shouldTakeOver(this.myId, holders);
  }
}
