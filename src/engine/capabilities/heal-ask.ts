import { BinReader, BinWriter } from '../wire/index.js';

/**
 * `cl-heal` (ours, between `cl` nodes; OpenSIPS drops it): "merge from me".
 * A node that merges after a heal asks the node it merges from to merge
 * back, so that both ends merge even when only one of them saw the other
 * go and come back (a node frozen by SIGSTOP sees nobody leave, a node
 * that restarted nobody come back). Type 1, payload: str capability name
 * (empty: every capability of the cluster that merges on heal).
 */
export const CAP_HEAL_ASK = 'cl-heal';
export const HEAL_ASK_TYPE = 1;

export function encodeHealAsk(capability: string): Buffer {
  return new BinWriter(8 + capability.length).str(capability).finish();
}

export function decodeHealAsk(payload: Buffer): string {
  const r = new BinReader(payload);
  const name = r.str('heal ask capability');
  r.expectEnd('heal ask capability');
  return name;
}
