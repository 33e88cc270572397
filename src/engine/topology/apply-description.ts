/** Applying a received NODE_DESCRIPTION (reference §3.7, §4.11). */
import type { NodeDescriptionMsg } from '../wire/types.js';
import type { ClusterView } from './cluster-view.js';
import type { ApplyResult } from './node-record.js';

/**
 * db_mode 0: an unknown originator is created (enabled, probing, DB id −1)
 * and the description flooded. A known one is dropped, which is what stops
 * the flood. db_mode 1 never learns nodes.
 */
export function applyNodeDescription(view: ClusterView, msg: NodeDescriptionMsg, dbMode: number): ApplyResult {
  if (msg.srcId === view.local.id || !view.local.enabled) return { accepted: false, flood: false, effects: [] };
  if (view.nodes.has(msg.srcId)) {
    return { accepted: false, flood: false, effects: [{ type: 'log', level: 'debug', msg: 'Already got node description' }] };
  }
  if (dbMode !== 0) return { accepted: false, flood: false, effects: [] };
  const desc = { url: msg.url, sipAddr: msg.sipAddr, priority: msg.priority, noPingRetries: msg.noPingRetries };
  const { node, effects } = view.learnNode(msg.srcId, desc);
  return { accepted: node !== null, flood: node !== null, effects };
}
