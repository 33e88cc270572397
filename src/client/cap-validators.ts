import type { CapOwnerResult, CapRow, CapSyncResult, ListCapResult } from '../contract/index.js';
import { badReply, hasFields, isObject } from './reply-shape.js';

const CAP_ROW = { cluster_id: 'number', capability: 'string', status: 'number', state: 'string', received: 'number', expected: 'number', synced_nodes: 'array' } as const;

export function asCapList(x: unknown): CapRow[] {
  if (!Array.isArray(x) || !x.every((r) => hasFields(r, CAP_ROW) && typeof r.enabled === 'boolean' && typeof r.synced === 'boolean')) {
    throw badReply('cl_cap_list', 'expected an array of {cluster_id, capability, status, state, enabled, synced, donor, received, expected, synced_nodes}');
  }
  return x as CapRow[];
}

export function asListCap(x: unknown): ListCapResult {
  const ok =
    isObject(x) &&
    Array.isArray(x.Clusters) &&
    x.Clusters.every((c) => hasFields(c, { cluster_id: 'number' }) && (c.Capabilities === undefined || (Array.isArray(c.Capabilities) && c.Capabilities.every((k) => hasFields(k, { name: 'string', state: 'string', enabled: 'string' })))));
  if (!ok) throw badReply('clusterer_list_cap', 'expected {Clusters: [{cluster_id, Capabilities: [{name, state, enabled}]}]}');
  return x as unknown as ListCapResult;
}

export function asCapSync(x: unknown): CapSyncResult {
  if (!hasFields(x, { cluster_id: 'number', capability: 'string', outcome: 'string' })) throw badReply('cl_cap_sync', 'expected {cluster_id, capability, outcome, donor}');
  return x as unknown as CapSyncResult;
}

export function asCapOwner(x: unknown): CapOwnerResult {
  if (!hasFields(x, { cluster_id: 'number', capability: 'string', key: 'string', nodes: 'array' }) || !(x.owner === null || typeof x.owner === 'number')) {
    throw badReply('cl_cap_owner', 'expected {cluster_id, capability, key, owner, nodes}');
  }
  return x as unknown as CapOwnerResult;
}
