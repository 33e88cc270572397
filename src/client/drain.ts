import type { ControlClient } from './control-client.js';
import { ClientError } from './errors.js';

/** What `cl node drain` did, tag by tag and cluster by cluster. */
export interface DrainReport {
  handed_over: Array<{ tag: string; cluster_id: number; to: number }>;
  disabled: number[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The reachable nodes of each cluster, most suitable first (a direct Up link before a relayed one, then by id). */
async function reachablePeers(client: ControlClient): Promise<Map<number, number[]>> {
  const list = await client.call('clusterer_list');
  const out = new Map<number, number[]>();
  for (const c of list.Clusters ?? []) {
    const nodes = (c.Nodes ?? []).filter((n) => !n.self && n.state === 'enabled' && n.next_hop !== 'none' && n.next_hop !== '');
    nodes.sort((a, b) => Number(b.link_state === 'Up') - Number(a.link_state === 'Up') || a.node_id - b.node_id);
    out.set(c.cluster_id, nodes.map((n) => n.node_id));
  }
  return out;
}

/**
 * Graceful maintenance of one node: each sharing tag it holds active is
 * activated on another node (`--to`, or the first reachable one), the
 * command waits until this node is backup for every one of them, then it
 * disables the node in each of its clusters. Nothing is disabled while a
 * tag could not be handed over.
 */
export async function drainNode(client: ControlClient, opts: { to?: number; maxWaitMs: number; progress?: (line: string) => void }): Promise<DrainReport> {
  const tags = (await client.call('cl_shtag_list')).filter((t) => t.State === 'active');
  const peers = await reachablePeers(client);
  const report: DrainReport = { handed_over: [], disabled: [] };
  for (const t of tags) {
    const reachable = peers.get(t.Cluster) ?? [];
    if (opts.to !== undefined && !reachable.includes(opts.to)) {
      throw new ClientError('CL_ERR_DRAIN_FAILED', `cannot hand over ${t.Tag}/${t.Cluster}: node ${opts.to} is not reachable in cluster ${t.Cluster}; nothing was disabled`);
    }
    const candidates = opts.to !== undefined ? [opts.to] : reachable;
    if (candidates.length === 0) throw new ClientError('CL_ERR_DRAIN_FAILED', `cannot hand over ${t.Tag}/${t.Cluster}: no other node of the cluster is reachable; nothing was disabled`);
    const refusals: string[] = [];
    let taken: number | undefined;
    // The first that takes it; a node that cannot answer now (disabling itself, say) is passed over.
    for (const to of candidates) {
      const r = await client.call('cl_send_mi', { cluster_id: t.Cluster, destination: to, cmd_name: 'clusterer_shtag_set_active', cmd_params: [`${t.Tag}/${t.Cluster}`] });
      if (!r.error) {
        taken = to;
        break;
      }
      refusals.push(`node ${to}: ${r.error.message}`);
    }
    if (taken === undefined) throw new ClientError('CL_ERR_DRAIN_FAILED', `no node took ${t.Tag}/${t.Cluster} (${refusals.join('; ')}); nothing was disabled`);
    opts.progress?.(`${t.Tag}/${t.Cluster}: asked node ${taken} to take it`);
    report.handed_over.push({ tag: t.Tag, cluster_id: t.Cluster, to: taken });
  }
  const deadline = Date.now() + opts.maxWaitMs;
  for (;;) {
    const still = (await client.call('cl_shtag_list')).filter((t) => t.State === 'active' && report.handed_over.some((h) => h.tag === t.Tag && h.cluster_id === t.Cluster));
    if (still.length === 0) break;
    if (Date.now() > deadline) {
      throw new ClientError('CL_ERR_DRAIN_FAILED', `still active after ${opts.maxWaitMs / 1000} s: ${still.map((t) => `${t.Tag}/${t.Cluster}`).join(', ')}; nothing was disabled`);
    }
    await sleep(100);
  }
  for (const clusterId of [...peers.keys()].sort((a, b) => a - b)) {
    await client.call('clusterer_set_status', [clusterId, 0]);
    report.disabled.push(clusterId);
  }
  return report;
}
