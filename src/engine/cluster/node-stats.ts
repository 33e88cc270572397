import type { StatsRegistry } from '../stats/registry.js';
import { LinkState, type ClusterView, type RemoteNode } from '../topology/index.js';

/** Statistics `clusterer:clusterer_nodes`, `_up`, `_down`: the direct links of every cluster. */
export function registerNodeStats(stats: StatsRegistry, views: ReadonlyMap<number, ClusterView>): void {
  const remote = (): RemoteNode[] => [...views.values()].flatMap((v) => [...v.nodes.values()]);
  stats.gauge('clusterer', 'clusterer_nodes', () => remote().length);
  stats.gauge('clusterer', 'clusterer_nodes_up', () => remote().filter((n) => n.link.state === LinkState.UP).length);
  stats.gauge('clusterer', 'clusterer_nodes_down', () => remote().filter((n) => n.link.state !== LinkState.UP).length);
}
