import { asCapList, asCapOwner, asCapSync, asListCap } from './cap-validators.js';
import type { BroadcastView, CacheFetchResult, CheckedMethod, KvAddResult, KvPutManyResult, KvPutResult, KvRow, StatusResult, ClusterListResult, ListedNode, MiResultsView, MiSendView, PlainShtagRow, Results, RouteResult, SendResultView, ShtagRow, TopologyNode, TopologyResult, WhichRow } from '../contract/index.js';
import { ClientError } from './errors.js';
import { badReply, hasFields, isObject, perCluster } from './reply-shape.js';

const isListedNode = (n: unknown): n is ListedNode =>
  hasFields(n, { node_id: 'number', url: 'string', link_state: 'string', state: 'string', next_hop: 'string', description: 'string' });

/** Checks the shape of a `clusterer_list` reply (ours or OpenSIPS's). */
export const asClusterList = (x: unknown): ClusterListResult => perCluster('clusterer_list', x, isListedNode);

const isTopologyNode = (n: unknown): n is TopologyNode =>
  hasFields(n, { node_id: 'number' }) && (n.Neighbours === undefined || (Array.isArray(n.Neighbours) && n.Neighbours.every((x) => typeof x === 'number')));

/** Checks the shape of a `clusterer_list_topology` reply (ours or OpenSIPS's). */
export const asTopology = (x: unknown): TopologyResult => perCluster('clusterer_list_topology', x, isTopologyNode);

/** Checks the shape of a `cl_route` reply. */
export function asRoute(x: unknown): RouteResult {
  const ok =
    hasFields(x, { cluster_id: 'number', node_id: 'number', path: 'array', hops: 'number', reason: 'string', links: 'array', alternatives: 'array' }) &&
    typeof x.reachable === 'boolean';
  if (!ok) throw badReply('cl_route', 'expected cluster_id, node_id, reachable, path, hops, reason, links, alternatives');
  return x as unknown as RouteResult;
}

const SHTAG = { Tag: 'string', Cluster: 'number', State: 'string', Since: 'string', Reason: 'string' } as const;
const isShtagRow = (x: unknown): x is ShtagRow => hasFields(x, SHTAG);

export function asShtagRow(x: unknown): ShtagRow {
  if (!isShtagRow(x)) throw badReply('cl_shtag_get', 'expected {Tag, Cluster, State, Since, Reason}');
  return x;
}

export function asShtagList(x: unknown): ShtagRow[] {
  if (!Array.isArray(x) || !x.every(isShtagRow)) throw badReply('cl_shtag_list', 'expected an array of {Tag, Cluster, State, Since, Reason}');
  return x;
}

export function asPlainShtagList(x: unknown): PlainShtagRow[] {
  if (!Array.isArray(x) || !x.every((r) => hasFields(r, { Tag: 'string', Cluster: 'number', State: 'string' }))) {
    throw new ClientError('CL_ERR_BAD_REPLY', 'clusterer_list_shtags: expected an array of {Tag, Cluster, State}');
  }
  return x as unknown as PlainShtagRow[];
}

const notClNode = (what: string): ClientError => new ClientError('CL_ERR_BAD_REPLY', `unexpected ${what} result from the node (not a cl node, or a different version?)`);

export function asSendResult(v: unknown, what: string): SendResultView {
  if (!isObject(v) || typeof v.code !== 'number' || typeof v.status !== 'string') throw notClNode(what);
  return v as unknown as SendResultView;
}

export function asBroadcast(v: unknown): BroadcastView {
  const r = asSendResult(v, 'cluster_broadcast_req');
  if (typeof r.tag !== 'string' || !Array.isArray((r as BroadcastView).sent_to)) throw notClNode('cluster_broadcast_req');
  return r as BroadcastView;
}

export function asMiResults(v: unknown): MiResultsView {
  if (!isObject(v) || !isObject(v.results) || !Array.isArray(v.failed)) throw notClNode('cl_broadcast_mi');
  return v as unknown as MiResultsView;
}

export function asMiSend(v: unknown): MiSendView {
  if (!isObject(v) || typeof v.status !== 'string' || typeof v.destination !== 'number') throw notClNode('cl_send_mi');
  return v as unknown as MiSendView;
}

function asText(method: string): (x: unknown) => string {
  return (x) => {
    if (typeof x !== 'string') throw badReply(method, 'expected a string');
    return x;
  };
}

function asStrings(x: unknown): string[] {
  if (!Array.isArray(x) || !x.every((s) => typeof s === 'string')) throw badReply('which', 'expected an array of names');
  return x;
}

function asWhichRows(x: unknown): WhichRow[] {
  if (!Array.isArray(x) || !x.every((r) => hasFields(r, { name: 'string', module_cmd: 'string' }))) throw notClNode('cl_which');
  return x as unknown as WhichRow[];
}

export function asCacheFetch(x: unknown): CacheFetchResult {
  if (!hasFields(x, { key: 'string', value: 'string' })) throw badReply('cache_fetch', 'expected {key, value}');
  return x as unknown as CacheFetchResult;
}

export function asKvPut(x: unknown): KvPutResult {
  if (!hasFields(x, { key: 'string', confirmed: 'array' }) || !(x.confirmed as unknown[]).every((n) => typeof n === 'number')) throw notClNode('cl_kv_put');
  return x as unknown as KvPutResult;
}

export function asKvPutMany(x: unknown): KvPutManyResult {
  if (!hasFields(x, { stored: 'number' })) throw notClNode('cl_kv_put_many');
  return x as unknown as KvPutManyResult;
}

export function asKvList(x: unknown): KvRow[] {
  if (!Array.isArray(x) || !x.every((r) => hasFields(r, { key: 'string', value: 'string', expires: 'number' }))) throw notClNode('cl_kv_list');
  return x as unknown as KvRow[];
}

export function asStatus(x: unknown): StatusResult {
  const ok =
    hasFields(x, { node_id: 'number', version: 'string', started_at: 'string', uptime_ms: 'number', clusters: 'array', sharing_tags: 'array', capabilities: 'array', events: 'array' }) &&
    (x.clusters as unknown[]).every((c) => hasFields(c, { cluster_id: 'number', url: 'string', nodes: 'array' }) && (c.nodes as unknown[]).every((n) => hasFields(n, { node_id: 'number', url: 'string', link_state: 'string' })));
  if (!ok) throw badReply('cl_status', 'expected node_id, version, started_at, uptime_ms, clusters (with nodes), sharing_tags, capabilities, events');
  return x as unknown as StatusResult;
}

/** One reply check per method whose result the contract types (src/contract/results.ts). */
function asKvAdd(x: unknown): KvAddResult {
  if (!hasFields(x, { key: 'string', value: 'number' })) throw notClNode('cl_kv_add');
  return x as unknown as KvAddResult;
}

export const VALIDATORS: { [M in CheckedMethod]: (x: unknown) => Results[M] } = {
  which: asStrings,
  cl_which: asWhichRows,
  clusterer_list: asClusterList,
  clusterer_list_topology: asTopology,
  clusterer_set_status: asText('clusterer_set_status'),
  clusterer_remove_node: asText('clusterer_remove_node'),
  cl_route: asRoute,
  clusterer_list_cap: asListCap,
  clusterer_set_cap_status: asText('clusterer_set_cap_status'),
  cl_cap_list: asCapList,
  cl_cap_sync: asCapSync,
  cl_cap_owner: asCapOwner,
  clusterer_list_shtags: asPlainShtagList,
  clusterer_shtag_set_active: asText('clusterer_shtag_set_active'),
  cl_shtag_get: asShtagRow,
  cl_shtag_list: asShtagList,
  cl_shtag_set: asText('cl_shtag_set'),
  cluster_send_req: (x) => asSendResult(x, 'cluster_send_req'),
  cluster_send_rpl: (x) => asSendResult(x, 'cluster_send_rpl'),
  cluster_broadcast_req: asBroadcast,
  cl_send_mi: asMiSend,
  cl_broadcast_mi: asMiResults,
  cache_store: asText('cache_store'),
  cache_fetch: asCacheFetch,
  cache_remove: asText('cache_remove'),
  cache_remove_chunk: asText('cache_remove_chunk'),
  cl_kv_put: asKvPut,
  cl_kv_put_many: asKvPutMany,
  cl_kv_add: asKvAdd,
  cl_kv_list: asKvList,
  cl_status: asStatus,
};
