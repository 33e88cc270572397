import type { TagPolicy } from './policy.js';
import type { ShtagState } from './wording.js';

/** What the node keeps per sharing tag (OpenSIPS's fields, plus since/reason/owner/policy). */
export interface TagRecord {
  name: string;
  clusterId: number;
  state: ShtagState;
  /** When the state last changed, or when the tag was created (ms since the epoch). */
  since: number;
  /** Why it is in this state: a transition reason, or how it was created. */
  reason: string;
  /** OpenSIPS "pending announcement": some node still has to hear our SHTAG_ACTIVE. */
  pending: boolean;
  /** Nodes our SHTAG_ACTIVE reached in the current round. */
  informed: Set<number>;
  /**
   * Nodes whose send of the current round has not reported back yet. Our
   * sends are asynchronous (OpenSIPS's are not): a node that comes up while
   * its send is still on the way is announced to again, or a failure
   * reported just after its NODE UP would leave it uninformed.
   */
  inflight: Set<number>;
  /** Bumped whenever `informed` starts over; send results of older rounds are ignored. */
  epoch: number;
  /** The node we believe active (ourselves when active), null when unknown. */
  owner: number | null;
  policy: TagPolicy;
  /**
   * Set when we activated while the node we believed active was reachable:
   * a deliberate handover, which that node accepts even under a conflict
   * policy. `since` is its activation time as its own STATE told us.
   */
  supersedes: { nodeId: number; since: number } | null;
  /** Times of recent conflict rounds this node won (bounded by MAX_CONFLICT_ROUNDS). */
  conflictRounds: number[];
}

/** A read-only snapshot for callers (MI, library users): the record without the round bookkeeping. */
export type TagView = Pick<TagRecord, 'name' | 'clusterId' | 'state' | 'since' | 'reason' | 'pending' | 'owner' | 'policy'> & {
  informed: number[];
};

export function viewOf(t: TagRecord): TagView {
  return {
    name: t.name,
    clusterId: t.clusterId,
    state: t.state,
    since: t.since,
    reason: t.reason,
    pending: t.pending,
    informed: [...t.informed],
    owner: t.owner,
    policy: { ...t.policy },
  };
}

/** Something the owner of the table must do. */
export type ShtagEffect =
  /** Send SHTAG_ACTIVE for the tag to each node (preceded by our STATE when `withState`), then report back with `announced`. */
  | { type: 'announce'; clusterId: number; name: string; epoch: number; nodes: number[]; withState: boolean }
  /** Send our STATE (every arbitrated tag of the cluster) to each node. */
  | { type: 'advertise'; clusterId: number; nodes: number[] }
  /** A transition: status report and E_CLUSTERER_SHARING_TAG_CHANGED. */
  | { type: 'changed'; clusterId: number; name: string; state: ShtagState; reason: string }
  | { type: 'log'; level: 'debug' | 'info' | 'notice' | 'warn'; msg: string };
