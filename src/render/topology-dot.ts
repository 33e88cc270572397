import type { ClusterListResult, TopologyResult } from '../contract/index.js';

/**
 * `cl cluster topology --format dot`: a Graphviz graph per cluster (pure).
 * Nodes are the topology's; a link the topology reports Up is a solid green
 * edge; the local node's links that are not Up are red (Down) or orange
 * (Probe); a node the local node reaches through another one gets a dashed
 * edge labelled with that next hop; an unreachable node is drawn dashed.
 * Render with `dot -Tsvg`.
 */
export function renderTopologyDot(top: TopologyResult, list: ClusterListResult): string {
  const out = ['graph topology {', '  node [shape=circle, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const cl of top.Clusters) {
    const nodes = cl.Nodes ?? [];
    const local = nodes[0];
    const id = (n: number): string => `"c${cl.cluster_id}n${n}"`;
    const remote = new Map((list.Clusters.find((c) => c.cluster_id === cl.cluster_id)?.Nodes ?? []).map((n) => [n.node_id, n]));
    out.push(`  subgraph "cluster_${cl.cluster_id}" {`, `    label="cluster ${cl.cluster_id}";`);
    for (const n of [...nodes].sort((a, b) => a.node_id - b.node_id)) {
      const r = remote.get(n.node_id);
      const attrs = [`label="${n.node_id}${n === local ? ' (local)' : ''}"`];
      if (n === local) attrs.push('penwidth=2');
      if (r && r.next_hop === 'none') attrs.push('style=dashed', 'color=gray50', 'fontcolor=gray50');
      out.push(`    ${id(n.node_id)} [${attrs.join(', ')}];`);
    }
    const up = new Set<string>();
    for (const n of nodes) {
      for (const m of n.Neighbours ?? []) {
        const [a, b] = n.node_id < m ? [n.node_id, m] : [m, n.node_id];
        up.add(`${a}-${b}`);
      }
    }
    for (const e of [...up].sort()) {
      const [a, b] = e.split('-').map(Number) as [number, number];
      out.push(`    ${id(a)} -- ${id(b)} [color=green4];`);
    }
    if (local) {
      const me = local.node_id;
      for (const [nid, r] of [...remote].sort(([a], [b]) => a - b)) {
        const key = me < nid ? `${me}-${nid}` : `${nid}-${me}`;
        if (!up.has(key) && r.link_state.startsWith('Down')) out.push(`    ${id(me)} -- ${id(nid)} [color=red, label="Down"];`);
        else if (!up.has(key) && r.link_state.startsWith('Probe')) out.push(`    ${id(me)} -- ${id(nid)} [color=orange, label="Probe"];`);
        if (r.next_hop !== 'none' && r.next_hop !== String(nid)) out.push(`    ${id(me)} -- ${id(nid)} [style=dashed, color=gray40, label="via ${r.next_hop}"];`);
      }
    }
    out.push('  }');
  }
  out.push('}');
  return out.join('\n');
}
