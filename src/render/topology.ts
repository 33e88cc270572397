import type { TopologyResult } from '../contract/index.js';
import { palette, type RenderOptions } from './style.js';

export type { TopologyNode, TopologyResult } from '../contract/index.js';

const byNumber = (a: number, b: number): number => a - b;

/**
 * `cl cluster topology`: an adjacency list per cluster. The reply lists the
 * local node first; it stays first (marked `(local)`), the others follow by
 * id, arrows aligned:
 *
 *     cluster 1
 *       1 (local) -> 2, 3
 *       2         -> 1, 3
 */
export function renderTopology(result: TopologyResult, opts: RenderOptions): string {
  const c = palette(opts);
  if (result.Clusters.length === 0) return 'no clusters';
  const blocks = result.Clusters.map((cl) => {
    const [local, ...others] = cl.Nodes ?? [];
    if (!local) return `cluster ${cl.cluster_id}\n  (no nodes)`;
    const nodes = [local, ...[...others].sort((a, b) => a.node_id - b.node_id)];
    const labels = nodes.map((n, i) => (i === 0 ? `${n.node_id} (local)` : String(n.node_id)));
    const width = Math.max(...labels.map((l) => l.length));
    const lines = nodes.map((n, i) => {
      const neighbours = [...(n.Neighbours ?? [])].sort(byNumber);
      const label = labels[i]!.padEnd(width);
      return `  ${i === 0 ? c.bold(label) : label} -> ${neighbours.length > 0 ? neighbours.join(', ') : c.dim('(none)')}`;
    });
    return [`cluster ${cl.cluster_id}`, ...lines].join('\n');
  });
  return blocks.join('\n\n');
}
