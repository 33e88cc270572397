import type { MethodName } from './methods.js';

/** Replies of the clusterer list methods: one entry per cluster. */
export interface PerCluster<N> {
  Clusters: { cluster_id: number; Nodes?: N[] }[];
}

/** One remote node in the `clusterer_list` reply (OpenSIPS field names). */
export interface ListedNode {
  node_id: number;
  db_id?: number;
  url: string;
  link_state: string;
  state: string;
  next_hop: string;
  description: string;
  /** `cl cluster list` only: the node that answered (OpenSIPS's clusterer_list leaves it out). */
  self?: boolean;
}
export type ClusterListResult = PerCluster<ListedNode>;

/** One node of the `clusterer_list_topology` reply: whom it has Up links with. */
export interface TopologyNode {
  node_id: number;
  Neighbours: number[];
}
export type TopologyResult = PerCluster<TopologyNode>;

/** One hop of the path in the `cl_route` reply. */
export interface RouteHop {
  from: number;
  to: number;
  /** `Up`/`Probe`/`Down` for the local link, `Up (reported by node N)` further on. */
  link: string;
  /** Only for the local node's own link; null when never ponged or not local. */
  last_pong_ms_ago: number | null;
  priority: number | null;
}

export interface RouteAlternative {
  first_hop: number;
  hops: number;
  priority: number;
}

/** The `cl_route` reply: the chosen path to a node and why. */
export interface RouteResult {
  cluster_id: number;
  node_id: number;
  reachable: boolean;
  /** Local node first, destination last; empty when unreachable. */
  path: number[];
  hops: number;
  next_hop: number | null;
  reason: string;
  /** One entry per link of the path, from this node on. */
  links: RouteHop[];
  alternatives: RouteAlternative[];
}

/** One tag as `cl_shtag_get` / `cl_shtag_list` answer it. */
export interface ShtagRow {
  Tag: string;
  Cluster: number;
  State: string;
  /** ISO 8601 time of the last state change (or of the tag's creation). */
  Since: string;
  Reason: string;
  /** `cl_shtag_get` only: true when the tag was unknown and this call created it (as backup). */
  Created?: boolean;
}

/** One tag as OpenSIPS's `clusterer_list_shtags` answers it. */
export interface PlainShtagRow {
  Tag: string;
  Cluster: number;
  State: string;
}

export interface ReplyView {
  src_id: number;
  msg: string;
}

/** `cluster_send_req` / `cluster_send_rpl` result. */
export interface SendResultView {
  code: number;
  status: string;
  tag?: string;
  /** Present when the call waited: the reply, or null when none came. */
  reply?: ReplyView | null;
}

/** `cluster_broadcast_req` result. */
export interface BroadcastView extends SendResultView {
  tag: string;
  sent_to: number[];
  replies?: ReplyView[];
}

/** A JSON-RPC error as a value (a remote node's answer). */
export interface RpcErrorValue {
  code: number;
  message: string;
  data?: string;
}

/** One node's outcome of a remote MI command. */
export interface MiNodeView {
  status: string;
  peer: string;
  result?: unknown;
  error?: RpcErrorValue;
}

/** `cl_broadcast_mi` result. */
export interface MiResultsView {
  cluster_id: number;
  cmd_name: string;
  results: Record<string, MiNodeView>;
  failed: number[];
}

/** `cl_send_mi` result: one node's outcome at top level. */
export interface MiSendView extends MiNodeView {
  cluster_id: number;
  destination: number;
  cmd_name: string;
}

/** `clusterer_list_cap` (OpenSIPS's shape, reference §8.2). */
export interface ListCapResult {
  Clusters: Array<{ cluster_id: number; Capabilities: Array<{ name: string; state: 'Ok' | 'not synced'; enabled: 'yes' | 'no' }> }>;
}

/** One capability as `cl_cap_list` answers it. */
export interface CapRow {
  cluster_id: number;
  capability: string;
  /** Status/report value: -3 not synced, -2 sync pending, -1 sync in progress, 1 synced. */
  status: number;
  /** The seed's wording of `status`. */
  state: string;
  enabled: boolean;
  synced: boolean;
  /** The node asked or sending now (null when no sync is pending or under way). */
  donor: number | null;
  /** Records received in the current or last sync, and how many the donor said it sends (0 = not told). */
  received: number;
  expected: number;
  /** The last sync was checked (count and digest) against what the donor sent: a `cl` donor. */
  verified: boolean;
  synced_nodes: number[];
}

export interface CapSyncResult {
  cluster_id: number;
  capability: string;
  /** requested | queued | in progress | pending | disabled */
  outcome: string;
  donor: number | null;
}

export interface CapOwnerResult {
  cluster_id: number;
  capability: string;
  key: string;
  /** null when no node holds the capability synced. */
  owner: number | null;
  nodes: number[];
}

/** `cache_fetch` result (OpenSIPS's shape). */
export interface CacheFetchResult {
  key: string;
  value: string;
}

/** One entry of the `cl_kv_list` result. */
export interface KvRow {
  key: string;
  value: string;
  /** Milliseconds since the epoch; 0 = never expires. */
  expires: number;
}

/** `cl_kv_put`: the key and the other nodes that confirmed it (empty without `replicated`). */
export interface KvPutResult {
  key: string;
  confirmed: number[];
}

/** `cl_kv_put_many` result. */
export interface KvPutManyResult {
  stored: number;
}

/** `cl_kv_add`: the counter's new value. */
export interface KvAddResult {
  key: string;
  value: number;
}

/** `cl_kv_list` answers at most this many entries (and this many when no limit is given: KV_LIST_DEFAULT_LIMIT). */
export const KV_LIST_MAX_LIMIT = 100_000;
export const KV_LIST_DEFAULT_LIMIT = 10_000;

/** One remote node in the `cl_status` reply. */
export interface StatusNode {
  node_id: number;
  url: string;
  link_state: string;
  enabled: boolean;
  next_hop: number | null;
  last_pong_ms_ago: number | null;
  description: string;
}

/** One capability of this node in the `cl_status` reply, with its sync state. */
export interface StatusCapability {
  cluster_id: number;
  capability: string;
  /** `synced`, `sync in progress`, `sync pending`, `not synced`. */
  state: string;
  enabled: boolean;
  /** The node asked or sending now, while a sync is pending or under way. */
  donor: number | null;
  /** Records received in the current (or last) sync. */
  received: number;
  /** Records the donor said it sends (0: not told yet). */
  expected: number;
  /** Nodes known to hold the capability synced. */
  synced_nodes: number[];
}

/** The `cl_status` reply: the node on one screen. */
export interface StatusResult {
  node_id: number;
  version: string;
  pid: number;
  /** ISO 8601. */
  started_at: string;
  uptime_ms: number;
  db_mode: number;
  control_socket?: string;
  clusters: { cluster_id: number; url: string; enabled: boolean; nodes: StatusNode[] }[];
  sharing_tags: { tag: string; cluster_id: number; state: string; since: string; reason: string }[];
  capabilities: StatusCapability[];
  /** The last events the node raised, oldest first. */
  events: { event: string; params: Record<string, string | number>; time: string }[];
}

/** One MI method as `cl_which` lists it: its flat (3.x) name and the 4.x `module:cmd` name the node also accepts. */
export interface WhichRow {
  name: string;
  module_cmd: string;
}

/**
 * Result type of each method the CLI reads (a validator in src/client checks
 * replies against it); `unknown` for the others, printed as they come.
 */
export interface Results {
  which: string[];
  cl_which: WhichRow[];
  clusterer_list: ClusterListResult;
  clusterer_list_topology: TopologyResult;
  clusterer_set_status: string;
  clusterer_remove_node: string;
  cl_route: RouteResult;
  clusterer_list_cap: ListCapResult;
  clusterer_set_cap_status: string;
  cl_cap_list: CapRow[];
  cl_cap_sync: CapSyncResult;
  cl_cap_owner: CapOwnerResult;
  clusterer_list_shtags: PlainShtagRow[];
  clusterer_shtag_set_active: string;
  cl_shtag_get: ShtagRow;
  cl_shtag_list: ShtagRow[];
  cl_shtag_set: string;
  cluster_send_req: SendResultView;
  cluster_send_rpl: SendResultView;
  cluster_broadcast_req: BroadcastView;
  cl_send_mi: MiSendView;
  cl_broadcast_mi: MiResultsView;
  cache_store: string;
  cache_fetch: CacheFetchResult;
  cache_remove: string;
  cache_remove_chunk: string;
  cl_kv_put: KvPutResult;
  cl_kv_put_many: KvPutManyResult;
  cl_kv_add: KvAddResult;
  cl_kv_list: KvRow[];
  cl_status: StatusResult;
}

export type ResultOf<M extends MethodName> = M extends keyof Results ? Results[M] : unknown;
/** Methods whose result the client checks before handing it out. */
export type CheckedMethod = keyof Results;
