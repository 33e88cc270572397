/** Names and texts OpenSIPS uses for sharing tags (reference §6, §7.1–7.2), and ours. */
import type { EventParams } from '../events/bus.js';

export type ShtagState = 'active' | 'backup';

export const SHTAG_EVENT = 'E_CLUSTERER_SHARING_TAG_CHANGED';
/** Status/report identifier in the `clusterer` group. */
export const SHTAG_SR_IDENTIFIER = 'sharing_tags';

/** Reasons OpenSIPS writes for an activation. */
export const Reason = {
  MI: 'MI command',
  SCRIPT: 'script variable',
  API: 'internal API call',
} as const;

/**
 * OpenSIPS keeps at most this many characters of a reason, so "cluster
 * broadcast from 123" loses its last digit there. We record the full text.
 */
export const OPENSIPS_REASON_MAX = 25;

export const broadcastReason = (srcId: number): string => `cluster broadcast from ${srcId}`;
export const takeoverReason = (downId: number): string => `takeover: active node ${downId} down`;

/** Reasons for states that are not transitions (shown by `cl_shtag_get`, never reported). */
export const InitialReason = {
  CONFIG: 'configured',
  POLICY: 'configured by sharing_tag_policy',
  FIRST_USE: 'created on first use',
} as const;

/** The `sharing_tags` status report line: `TAG <vip>, cluster 1, became active due to MI command`. */
export function reportText(name: string, clusterId: number, state: ShtagState, reason: string): string {
  return `TAG <${name}>, cluster ${clusterId}, became ${state} due to ${reason}`;
}

/** Parameters of E_CLUSTERER_SHARING_TAG_CHANGED, in OpenSIPS's order. */
export function eventParams(name: string, clusterId: number, state: ShtagState, reason: string): EventParams {
  return { name, cluster: clusterId, state, reason };
}
