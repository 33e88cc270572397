/** Applying a received LS_UPDATE (reference §3.4, §4.5a). */
import type { LsUpdateMsg } from '../wire/types.js';
import type { ClusterView } from './cluster-view.js';
import { onRestartPinging } from './link-fsm.js';
import { LinkState } from './link-state.js';
import type { ApplyResult, TopologyEffect } from './node-record.js';
import { acceptedSeq, acceptSeq } from './seq.js';

/** Wire values of LS_UPDATE new_state. */
const WIRE_UP = 0;
export const LS_WIRE_DOWN = 1;

/**
 * Validates the originator's LS counter, then records "originator ↔
 * neighbour is Up/Down". An update about our own link that disagrees with our
 * view of it makes us re-probe the originator. Flood iff applied.
 */
export function applyLsUpdate(view: ClusterView, msg: LsUpdateMsg, dbMode: number): ApplyResult {
  const src = view.nodes.get(msg.srcId);
  if (!src || !src.enabled || !view.local.enabled) return { accepted: false, flood: false, effects: [] };
  if (!acceptSeq(src.ls, msg.seq, msg.timestamp)) return { accepted: false, flood: false, effects: [] };
  src.ls = acceptedSeq(src.ls, msg.seq, msg.timestamp);

  const effects: TopologyEffect[] = [];
  if (msg.neighbourId === view.local.id) {
    const ours = src.link.state;
    if ((msg.state === WIRE_UP && ours === LinkState.DOWN) || (msg.state === LS_WIRE_DOWN && ours === LinkState.UP)) {
      effects.push(...view.runLink(src, onRestartPinging(src.link)));
    }
    return { accepted: true, flood: true, effects };
  }

  if (!view.nodes.has(msg.neighbourId)) {
    if (dbMode === 0) {
      effects.push({ type: 'log', level: 'warn', msg: `Received link state update about unknown node id [${msg.neighbourId}]` });
    }
    return { accepted: true, flood: false, effects };
  }
  // As OpenSIPS: 1 is Down, anything else counts as Up.
  view.setAdjacent(src, msg.neighbourId, msg.state !== LS_WIRE_DOWN);
  return { accepted: true, flood: true, effects };
}
