import type { ClusterNode } from '../node.js';

export const REQ_EVENT = 'E_CLUSTERER_REQ_RECEIVED';
export const RPL_EVENT = 'E_CLUSTERER_RPL_RECEIVED';

/** Routable clusterer messages addressed to this node. */
export function registerRoutedHandlers(node: ClusterNode): void {
  const { receiver, cluster, events } = node;
  receiver.extraHandlers.set('remove_node', (view, msg) => {
    if (msg.kind !== 'remove_node' || cluster.dbMode !== 0) return;
    if (msg.targetId === cluster.myId) {
      cluster.log.notice(`removed from cluster ${view.clusterId} by node ${msg.srcId}: disabling the local node`);
      cluster.apply(view, view.setLocalEnabled(false));
    } else if (view.getNode(msg.targetId)) {
      cluster.apply(view, view.removeNode(msg.targetId));
      cluster.peersChanged();
    }
  });
  receiver.extraHandlers.set('generic_msg', (view, msg) => {
    if (msg.kind !== 'generic_msg') return;
    events.emit(msg.reqLike ? REQ_EVENT : RPL_EVENT, { cluster_id: view.clusterId, src_id: msg.srcId, msg: msg.msg, tag: msg.tag });
  });
}
