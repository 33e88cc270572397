/** Topology layer: link state machine, link-state database, routes. */
export * from './link-state.js';
export * from './link-fsm.js';
export * from './seq.js';
export * from './routes.js';
export * from './flood.js';
export * from './errors.js';
export * from './node-record.js';
export { ClusterView } from './cluster-view.js';
export { LS_WIRE_DOWN } from './apply-ls.js';
export type { ClusterViewInit } from './cluster-view.js';
export type { LsUpdatePlan } from './build-updates.js';
export * from './admission.js';
export { NodeSet } from './node-set.js';
