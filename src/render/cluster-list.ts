import type { ClusterListResult } from '../contract/index.js';
import { paintLink, palette, type RenderOptions } from './style.js';
import { columns } from './table.js';

export type { ClusterListResult, ListedNode } from '../contract/index.js';

export const CLUSTER_LIST_HEAD = ['CLUSTER', 'NODE', 'URL', 'LINK', 'STATE', 'NEXT HOP', 'DESCRIPTION'] as const;

/** `cl cluster list`: one row per remote node, in the node's order; Up green, Probe yellow, Down red. */
export function renderClusterList(result: ClusterListResult, opts: RenderOptions): string {
  const c = palette(opts);
  const rows = result.Clusters.flatMap((cl) =>
    (cl.Nodes ?? []).map((n) => [
      String(cl.cluster_id),
      String(n.node_id),
      n.url,
      paintLink(c, n.link_state),
      n.state === 'enabled' ? n.state : c.dim(n.state),
      n.next_hop,
      n.description,
    ]),
  );
  if (result.Clusters.length === 0) return 'no clusters';
  if (rows.length === 0) return result.Clusters.map((cl) => `cluster ${cl.cluster_id}: no other nodes known`).join('\n');
  return columns(CLUSTER_LIST_HEAD.map((h) => c.bold(h)), rows);
}
