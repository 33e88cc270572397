/**
 * What a node keeps per cluster about itself and about every remote node
 * (reference §4.1), and the effects the topology database asks its owner to
 * perform.
 */
import { newLink, type Link, type LinkLogLevel } from './link-fsm.js';
import { newSeqStore, type SeqStore } from './seq.js';
import { NodeSet } from './node-set.js';
import type { RefusalReason } from './admission.js';

/** Script/DB defaults (§9.1): DB priority 50; script-defined nodes should pass 3 explicitly. */
export const DEFAULT_PRIORITY = 50;
export const DEFAULT_NO_PING_RETRIES = 3;

export interface NodeInit {
  id: number;
  url: string;
  sipAddr?: string;
  priority?: number;
  noPingRetries?: number;
  enabled?: boolean;
  seed?: boolean;
  /** DB row id; −1 for script-defined or learned nodes. */
  dbId?: number;
  /** DB free-text description ('' = none). */
  description?: string;
  learned?: boolean;
}

interface NodeFields {
  readonly id: number;
  url: string;
  sipAddr: string;
  priority: number;
  noPingRetries: number;
  enabled: boolean;
  seed: boolean;
  dbId: number;
  description: string;
  /**
   * Local record: own direct Up neighbours. Remote record: Up neighbours as
   * reported by that node (directed; never contains the local node).
   */
  readonly adjacency: NodeSet;
  /** Remote: last accepted (seq, ts). Local: own counters, −1 until the first message. */
  ls: SeqStore;
  top: SeqStore;
  cap: SeqStore;
}

export type LocalNode = NodeFields;

export interface RemoteNode extends NodeFields {
  /** Came from discovery (db_mode 0), never from configuration. */
  readonly learned: boolean;
  link: Link;
  /** Reachability last reported through `reachabilityChanges()`. */
  reachable: boolean;
  /** It was reachable once since we (or it, see moveNode) started: unreachable now, it is on the other side of a partition. */
  wasReachable: boolean;
  /** A packet from the node was accepted, or it was reachable: a learned node that never is expires (see expireUnreached). */
  heard: boolean;
  /** Learned nodes: the first heartbeat tick that saw it (null until then). */
  learnedAt: number | null;
}

export function makeLocal(init: NodeInit): LocalNode {
  return { ...fields(init) };
}

export function makeRemote(init: NodeInit): RemoteNode {
  // Completed in place, not spread into a new object: a full mesh of N holds N² of these (a million in a simulated N = 1,000).
  const node = fields(init) as RemoteNode & { learned: boolean };
  node.learned = init.learned ?? false;
  node.link = newLink(node.id, node.noPingRetries);
  node.reachable = false;
  node.wasReachable = false;
  node.heard = false;
  node.learnedAt = null;
  return node;
}

function fields(init: NodeInit): NodeFields {
  return {
    id: init.id,
    url: init.url,
    sipAddr: init.sipAddr ?? '',
    priority: init.priority ?? DEFAULT_PRIORITY,
    noPingRetries: init.noPingRetries ?? DEFAULT_NO_PING_RETRIES,
    enabled: init.enabled ?? true,
    seed: init.seed ?? false,
    dbId: init.dbId ?? -1,
    description: init.description ?? '',
    adjacency: new NodeSet(),
    ls: newSeqStore(),
    top: newSeqStore(),
    cap: newSeqStore(),
  };
}

/** Effects of topology changes; the owner performs them in order. */
export type TopologyEffect =
  /** Send PING(req_node_list) to the node, then report the result with `pingSent`. */
  | { type: 'ping'; nodeId: number; reqNodeList: 0 | 1 }
  /**
   * Direct link became Up (adjacency already updated): send LS_UPDATE(Up) via
   * `buildLsUpdate`, FULL_TOP_UPDATE via `buildFullTopUpdate(nodeId, pongNodeList)`
   * and a full CAP_UPDATE (require_reply 1) to the node.
   */
  | { type: 'link_up'; nodeId: number; pongNodeList: number[] }
  /** Direct link left Up (adjacency already updated): if `announce`, send LS_UPDATE(Down) via `buildLsUpdate`. */
  | { type: 'link_down'; nodeId: number; announce: boolean }
  /** A node was learned (db_mode 0); it is probed from the next tick. */
  | { type: 'node_added'; nodeId: number }
  /** A node was not learned (see admission.ts): log it, rate-limited per reason, and count it. */
  | { type: 'refused'; nodeId: number; reason: RefusalReason; msg: string }
  /** A learned node that never answered was forgotten (see expireUnreached). */
  | { type: 'node_expired'; nodeId: number }
  | { type: 'log'; level: LinkLogLevel; msg: string };

/** Outcome of applying a received topology message. */
export interface ApplyResult {
  /** Passed the sequence test (NODE_DESCRIPTION: introduced a new node). */
  accepted: boolean;
  /** Forward it to the other Up neighbours (§2.4). */
  flood: boolean;
  effects: TopologyEffect[];
  /** A FULL_TOP_UPDATE holding only its originator's entry (ls_batch_interval): its originator sent it to every Up neighbour. */
  announced?: boolean;
  /** Of an announcement: the nodes its originator reported links to before and no longer does. */
  linksLost?: number[];
}

/** NODE_UP (`up`) / NODE_DOWN event to raise (§4.9). */
export interface ReachabilityChange {
  nodeId: number;
  up: boolean;
}
