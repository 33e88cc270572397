/**
 * The clusterer events of reference §7.1, with their parameters in the order
 * OpenSIPS raises them. The bus accepts any name; these are the known ones.
 */
export const REQ_RECEIVED = 'E_CLUSTERER_REQ_RECEIVED';
export const RPL_RECEIVED = 'E_CLUSTERER_RPL_RECEIVED';
export const NODE_STATE_CHANGED = 'E_CLUSTERER_NODE_STATE_CHANGED';
export const SHARING_TAG_CHANGED = 'E_CLUSTERER_SHARING_TAG_CHANGED';

export const KNOWN_EVENTS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  [REQ_RECEIVED]: ['cluster_id', 'src_id', 'msg', 'tag'],
  [RPL_RECEIVED]: ['cluster_id', 'src_id', 'msg', 'tag'],
  [NODE_STATE_CHANGED]: ['cluster_id', 'node_id', 'new_state'],
  [SHARING_TAG_CHANGED]: ['name', 'cluster', 'state', 'reason'],
});
