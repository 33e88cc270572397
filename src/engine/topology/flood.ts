/**
 * Flooding of accepted LS_UPDATE / FULL_TOP_UPDATE / NODE_DESCRIPTION /
 * CAP_UPDATE messages to direct neighbours (reference §2.4). Only the choice
 * of targets and the new path live here; re-encoding is the wire layer's job.
 */
import { UPDATE_MAX_PATH_LEN } from '../wire/constants.js';

export interface FloodPlan {
  /** Up neighbours not already on the path. */
  targets: number[];
  /** The path to put in the forwarded copy (ours appended). */
  path: number[];
  /** Set when the message travelled too far and must not be forwarded. */
  tooManyHops: boolean;
}

export function planFlood(upNeighbours: Iterable<number>, path: readonly number[], localId: number): FloodPlan {
  if (path.length > UPDATE_MAX_PATH_LEN) return { targets: [], path: [...path], tooManyHops: true };
  const visited = new Set(path);
  const targets: number[] = [];
  for (const n of upNeighbours) if (!visited.has(n)) targets.push(n);
  return { targets, path: [...path, localId], tooManyHops: false };
}
