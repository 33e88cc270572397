import type { ClusterView } from '../topology/index.js';
import type { RemoveNodeMsg } from '../wire/types.js';
import type { Clusterer } from './clusterer.js';

/**
 * CLUSTERER_REMOVE_NODE addressed to us (db_mode 0 only, as in OpenSIPS):
 * the named node is forgotten, or, when it is us, the local node is disabled.
 */
export function onRemoveNode(cl: Clusterer, view: ClusterView, msg: RemoveNodeMsg): void {
  if (cl.dbMode !== 0) return;
  if (msg.targetId === cl.myId) {
    cl.log.notice(`removed from cluster ${view.clusterId} by node ${msg.srcId}: disabling the local node`);
    cl.apply(view, view.setLocalEnabled(false));
  } else if (view.getNode(msg.targetId)) {
    cl.apply(view, view.removeNode(msg.targetId));
    cl.peersChanged();
  }
}
