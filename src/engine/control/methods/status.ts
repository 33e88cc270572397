import type { StatusCapability, StatusResult } from '../../../contract/index.js';
import { STATUS_DETAILS, type CapabilityLayer } from '../../capabilities/index.js';
import type { ClusterApi } from '../../cluster/api.js';
import type { Clusterer } from '../../cluster/clusterer.js';
import type { ShtagManager } from '../../shtags/index.js';
import type { RecentEvents } from '../recent-events.js';
import { methodsFor, type MethodDef } from '../method.js';

/** What `cl_status` needs from the node. */
export interface StatusCtx {
  version: string;
  readonly startedAt: number;
  now(): number;
  cluster: Clusterer;
  api: ClusterApi;
  readonly shtags: ShtagManager;
  readonly caps: CapabilityLayer;
  recentEvents: RecentEvents;
  controlSocket?: string;
}

const implement = methodsFor<StatusCtx>();

/** `cl_status`: the node on one screen (`cl status`). Keys in snake_case, like every cl_* reply. */
export function nodeStatus(ctx: StatusCtx): StatusResult {
  const now = ctx.now();
  const clusters = [...ctx.cluster.views.values()]
    .sort((a, b) => a.clusterId - b.clusterId)
    .map((v) => ({
      cluster_id: v.clusterId,
      url: v.local.url,
      enabled: v.local.enabled,
      nodes: ctx.api
        .getNodes(v.clusterId)
        .sort((a, b) => a.nodeId - b.nodeId)
        .map((n) => ({
          node_id: n.nodeId,
          url: n.url,
          link_state: n.linkState,
          enabled: n.enabled,
          next_hop: n.nextHop,
          last_pong_ms_ago: n.lastPong > 0 ? now - n.lastPong : null,
          description: n.description,
        })),
    }));
  return {
    node_id: ctx.cluster.myId,
    version: ctx.version,
    pid: process.pid,
    started_at: new Date(ctx.startedAt).toISOString(),
    uptime_ms: Math.max(0, now - ctx.startedAt),
    db_mode: ctx.cluster.dbMode,
    ...(ctx.controlSocket ? { control_socket: ctx.controlSocket } : {}),
    clusters,
    sharing_tags: ctx.shtags.list().map((t) => ({ tag: t.name, cluster_id: t.clusterId, state: t.state, since: new Date(t.since).toISOString(), reason: t.reason })),
    capabilities: capabilitiesOf(ctx.caps),
    events: ctx.recentEvents.list().map((e) => ({ event: e.name, params: e.params, time: new Date(e.time).toISOString() })),
  };
}

/** Every capability registered on the node, by cluster then name, with its sync progress. */
function capabilitiesOf(caps: CapabilityLayer): StatusCapability[] {
  return caps
    .list()
    .map((c) => caps.info(c))
    .sort((a, b) => a.clusterId - b.clusterId || a.name.localeCompare(b.name))
    .map((i) => ({
      cluster_id: i.clusterId,
      capability: i.name,
      state: STATUS_DETAILS[i.status],
      enabled: i.enabled,
      donor: i.donor,
      received: i.received,
      expected: i.expected,
      synced_nodes: [...i.syncedNodes].sort((a, b) => a - b),
    }));
}

export const statusMethods: MethodDef<StatusCtx>[] = [implement('cl_status', (_p, ctx) => nodeStatus(ctx))];
