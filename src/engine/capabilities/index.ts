/** The capabilities layer: local capabilities, CAP_UPDATE, full data sync, heal merges, key ownership. */
export { CapabilitiesPart } from './part.js';
export { CapabilityHandle } from './handle.js';
export { CapabilityError, CapabilityLayer, MAX_HELD_PACKETS, SUPERVISION_MS, type CapabilitiesComponents, type CapabilitiesInit } from './layer.js';
export type { LocalCap } from './local-cap.js';
export { rendezvousOwner } from './owner.js';
export { CAP_SYNC_EXT } from './cl-sync.js';
export * from './types.js';
export { STATUS_DETAILS, REPORT, capIdentifier } from './wording.js';
