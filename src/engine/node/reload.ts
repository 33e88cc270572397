import type { Clusterer } from '../cluster/clusterer.js';
import type { NodeConfig } from '../config/index.js';

/**
 * db_mode 0 `clusterer_reload`: applies the neighbours of a re-read
 * configuration. New ones are added and probed, changed ones updated,
 * configured ones that disappeared are removed; learned nodes stay.
 */
export function reloadNodeInfo(cl: Clusterer, next: NodeConfig): void {
  for (const view of cl.views.values()) {
    const wanted = next.neighborNodeInfo.filter((n) => n.clusterId === view.clusterId);
    for (const n of wanted) {
      const have = view.getNode(n.nodeId);
      if (!have) {
        view.addNode({ id: n.nodeId, url: n.url, sipAddr: n.sipAddr ?? '', priority: n.priority, noPingRetries: n.noPingRetries, enabled: n.enabled, seed: n.seed, dbId: n.dbId, description: n.description ?? '' });
        continue;
      }
      const moved = have.url !== n.url;
      Object.assign(have, { url: n.url, sipAddr: n.sipAddr ?? '', priority: n.priority, noPingRetries: n.noPingRetries, description: n.description ?? '' });
      if (moved) cl.apply(view, view.restartPinging(n.nodeId));
      view.bump();
    }
    for (const node of [...view.nodes.values()]) {
      if (!node.learned && !wanted.some((w) => w.nodeId === node.id)) cl.apply(view, view.removeNode(node.id));
    }
  }
  cl.log.info('Reloaded DB info');
  cl.kick();
}
