import type { CapabilityLayer } from '../capabilities/index.js';
import type { ClusterApi } from '../cluster/api.js';
import type { Clusterer } from '../cluster/clusterer.js';
import { REFUSALS } from '../cluster/refusals.js';
import type { ShtagManager } from '../shtags/index.js';
import type { StatsRegistry } from '../stats/registry.js';
import { LinkState } from '../topology/index.js';
import { CLOSE_REASONS } from '../transport/limits.js';
import { exposition, type MetricFamily, type Sample } from './prometheus.js';

/** The route of the Prometheus scrape on the control listeners. */
export const METRICS_PATH = '/metrics';

/** What `GET /metrics` reads of the node. */
export interface MetricsCtx {
  readonly startedAt: number;
  now(): number;
  cluster: Clusterer;
  api: ClusterApi;
  readonly shtags: ShtagManager;
  readonly caps: CapabilityLayer;
  stats: StatsRegistry;
}

const LINK_STATES = ['Up', 'Down', 'Probe'] as const;

/** Statistics of module `sync` (capabilities layer) exposed as counters: statistic → metric. */
const SYNC_COUNTERS: Record<string, [string, string]> = {
  sync_requests_sent: ['cl_sync_requests_sent_total', 'Sync requests this node sent to a donor.'],
  syncs_completed: ['cl_syncs_completed_total', 'Full data syncs this node received to the end.'],
  syncs_failed: ['cl_syncs_failed_total', 'Full data syncs that failed or timed out.'],
  sync_chunks_received: ['cl_sync_chunks_received_total', 'Sync chunks received.'],
  sync_chunks_sent: ['cl_sync_chunks_sent_total', 'Sync chunks sent as a donor.'],
  syncs_served: ['cl_syncs_served_total', 'Full data syncs this node served as a donor.'],
};

const gauge = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, help, type: 'gauge', samples });
const counter = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, help, type: 'counter', samples });

/** The node's metrics in the Prometheus text format, from its registries at the time of the call. */
export function metricsText(ctx: MetricsCtx): string {
  return exposition(metricFamilies(ctx));
}

export function metricFamilies(ctx: MetricsCtx): MetricFamily[] {
  const now = ctx.now();
  const views = [...ctx.cluster.views.values()].sort((a, b) => a.clusterId - b.clusterId);
  const perCluster = (pick: (up: boolean) => boolean): Sample[] =>
    views.map((v) => ({ labels: { cluster: v.clusterId }, value: [...v.nodes.values()].filter((n) => pick(n.link.state === LinkState.UP)).length }));
  const peers = views.flatMap((v) => ctx.api.getNodes(v.clusterId).sort((a, b) => a.nodeId - b.nodeId));
  const peerLabels = (n: { clusterId: number; nodeId: number }) => ({ cluster: n.clusterId, node: n.nodeId });
  const stat = (sel: string): number => ctx.stats.read([sel])[sel] ?? 0;
  const caps = ctx.caps.list().map((c) => ctx.caps.info(c));
  const capLabels = (i: { clusterId: number; name: string }) => ({ cluster: i.clusterId, capability: i.name });

  return [
    gauge('cl_node_info', 'This node: its id (value 1).', [{ labels: { node: ctx.cluster.myId }, value: 1 }]),
    gauge('cl_uptime_seconds', 'Seconds since the node started.', [{ value: Math.max(0, now - ctx.startedAt) / 1000 }]),
    gauge('clusterer_nodes', 'Remote nodes of the cluster (OpenSIPS clusterer:clusterer_nodes).', perCluster(() => true)),
    gauge('clusterer_nodes_up', 'Remote nodes whose direct link is Up (OpenSIPS clusterer:clusterer_nodes_up).', perCluster((up) => up)),
    gauge('clusterer_nodes_down', 'Remote nodes whose direct link is not Up (OpenSIPS clusterer:clusterer_nodes_down).', perCluster((up) => !up)),
    gauge('cl_link_up', 'The direct link with the node is Up (1) or not (0).', peers.map((n) => ({ labels: peerLabels(n), value: n.linkState === 'Up' ? 1 : 0 }))),
    gauge(
      'cl_link_state',
      'State of the direct link with the node: 1 for the current state, 0 for the others.',
      peers.flatMap((n) => LINK_STATES.map((s) => ({ labels: { ...peerLabels(n), state: s }, value: n.linkState === s ? 1 : 0 }))),
    ),
    gauge('cl_node_reachable', 'The node is reachable, directly or through others (1) or not (0).', peers.map((n) => ({ labels: peerLabels(n), value: n.reachable ? 1 : 0 }))),
    gauge(
      'cl_link_last_pong_age_seconds',
      'Seconds since the last PONG from the node (absent until one arrived); the node keeps no round-trip time.',
      peers.filter((n) => n.lastPong > 0).map((n) => ({ labels: peerLabels(n), value: Math.max(0, now - n.lastPong) / 1000 })),
    ),
    counter('cl_bin_packets_received_total', 'BIN packets received and decoded (bin:bin_packets_received).', [{ value: stat('bin:bin_packets_received') }]),
    counter('cl_bin_packets_sent_total', 'BIN packets handed to a connection (bin:bin_packets_sent).', [{ value: stat('bin:bin_packets_sent') }]),
    counter('cl_bin_received_bytes_total', 'Bytes of the BIN packets received (bin:bin_bytes_received).', [{ value: stat('bin:bin_bytes_received') }]),
    counter('cl_bin_sent_bytes_total', 'Bytes of the BIN packets sent (bin:bin_bytes_sent).', [{ value: stat('bin:bin_bytes_sent') }]),
    counter('cl_bin_packets_dropped_total', 'BIN packets dropped as malformed (bin:bin_packets_dropped).', [{ value: stat('bin:bin_packets_dropped') }]),
    counter(
      'cl_bin_packets_refused_total',
      'BIN packets refused by the acceptance checks, by reason (bin:refused_*, bin:node_id_conflicts; see docs/limits.md).',
      Object.entries(REFUSALS).map(([reason, name]) => ({ labels: { reason }, value: stat(`bin:${name}`) })),
    ),
    counter(
      'cl_bin_connections_closed_total',
      'BIN connections closed or refused at a limit, by reason (bin:conn_*; see docs/limits.md).',
      Object.entries(CLOSE_REASONS).map(([reason, name]) => ({ labels: { reason }, value: stat(`bin:${name}`) })),
    ),
    counter('cl_bin_learned_nodes_expired_total', 'Learned nodes dropped unconfirmed (bin:learned_nodes_expired).', [{ value: stat('bin:learned_nodes_expired') }]),
    gauge('cl_bin_connections', 'BIN connections open now, by direction (bin:conn_inbound, bin:conn_outbound).', [
      { labels: { direction: 'inbound' }, value: stat('bin:conn_inbound') },
      { labels: { direction: 'outbound' }, value: stat('bin:conn_outbound') },
    ]),
    gauge('cl_capability_synced', 'The capability holds the complete data set (1) or not (0).', caps.map((i) => ({ labels: capLabels(i), value: i.synced ? 1 : 0 }))),
    gauge('cl_capability_status', 'Sync status of the capability (cap:NAME status: 1 synced, -1 in progress, -2 pending, -3 not synced).', caps.map((i) => ({ labels: capLabels(i), value: i.status }))),
    gauge('cl_sync_received_records', 'Records received in the current (or last) full sync of the capability.', caps.map((i) => ({ labels: capLabels(i), value: i.received }))),
    gauge('cl_sync_expected_records', 'Records the donor said it sends in the current (or last) sync (0: not told).', caps.map((i) => ({ labels: capLabels(i), value: i.expected }))),
    ...Object.entries(SYNC_COUNTERS).map(([name, [metric, help]]) => counter(metric, `${help} (sync:${name})`, [{ value: stat(`sync:${name}`) }])),
    gauge(
      'cl_shtag_active',
      'Sharing tag state on this node: 1 active, 0 backup.',
      ctx.shtags
        .list()
        .slice()
        .sort((a, b) => a.clusterId - b.clusterId || a.name.localeCompare(b.name))
        .map((t) => ({ labels: { cluster: t.clusterId, tag: t.name }, value: t.state === 'active' ? 1 : 0 })),
    ),
    gauge('cl_kv_entries', 'Entries in the key-value store (kv:kv_entries).', [{ value: stat('kv:kv_entries') }]),
    gauge('cl_kv_tombstones', 'Removed keys the key-value store remembers (kv:kv_tombstones).', [{ value: stat('kv:kv_tombstones') }]),
    gauge('cl_kv_bytes', 'Bytes the key-value store holds: segments, record fields, index (kv:kv_bytes).', [{ value: stat('kv:kv_bytes') }]),
  ];
}
