import type { ClusterListResult } from '../contract/index.js';
import { paintLink, palette, type RenderOptions } from './style.js';
import { columns } from './table.js';

export type { ClusterListResult, ListedNode } from '../contract/index.js';

export const CLUSTER_LIST_HEAD = ['CLUSTER', 'NODE', 'URL', 'LINK', 'STATE', 'NEXT HOP', 'DESCRIPTION'] as const;

/** The node that answered, in one of its clusters. */
export interface SelfNode {
  cluster_id: number;
  node_id: number;
  /** Unknown (`-`) from an endpoint without cl_status. */
  url: string;
  /** Unknown (null) from an endpoint without cl_status. */
  enabled: boolean | null;
}

/** The list with the answering node added to each of its clusters (marked `self`), sorted by cluster, then node id. */
export function withSelf(result: ClusterListResult, self: readonly SelfNode[]): ClusterListResult {
  const clusters = [...result.Clusters].sort((a, b) => a.cluster_id - b.cluster_id);
  return {
    Clusters: clusters.map((cl) => {
      const me = self.find((s) => s.cluster_id === cl.cluster_id);
      const nodes = [
        ...(cl.Nodes ?? []).map((n) => ({ ...n, self: false })),
        ...(me ? [{ node_id: me.node_id, url: me.url, link_state: 'self', state: me.enabled === null ? '-' : me.enabled ? 'enabled' : 'disabled', next_hop: '-', description: '-', self: true }] : []),
      ];
      return { ...cl, Nodes: nodes.sort((a, b) => a.node_id - b.node_id) };
    }),
  };
}

/** `cl cluster list`: one row per node; the answering node's LINK is `self`; Up green, Probe yellow, Down red. */
export function renderClusterList(result: ClusterListResult, opts: RenderOptions): string {
  const c = palette(opts);
  const rows = result.Clusters.flatMap((cl) =>
    (cl.Nodes ?? []).map((n) => [
      String(cl.cluster_id),
      String(n.node_id),
      n.url,
      n.self ? c.bold(n.link_state) : paintLink(c, n.link_state),
      n.state === 'enabled' ? n.state : c.dim(n.state),
      n.next_hop,
      n.description,
    ]),
  );
  if (result.Clusters.length === 0) return 'no clusters';
  if (rows.length === 0) return result.Clusters.map((cl) => `cluster ${cl.cluster_id}: no other nodes known`).join('\n');
  return columns(CLUSTER_LIST_HEAD.map((h) => c.bold(h)), rows);
}
