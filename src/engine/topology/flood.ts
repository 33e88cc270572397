/**
 * Flooding of accepted LS_UPDATE / FULL_TOP_UPDATE / NODE_DESCRIPTION /
 * CAP_UPDATE messages to direct neighbours (reference §2.4). Only the choice
 * of targets and the new path live here; re-encoding is the wire layer's job.
 */
import { UPDATE_MAX_PATH_LEN } from '../wire/constants.js';

export interface FloodPlan {
  /** Up neighbours not already on the path (nor served by the previous hop, see `covered`). */
  targets: number[];
  /** The path to put in the forwarded copy (ours appended). */
  path: number[];
  /** Set when the message travelled too far and must not be forwarded. */
  tooManyHops: boolean;
}

/**
 * OpenSIPS sends to every Up neighbour not on the path. `covered` are the
 * nodes the previous hop sent the same message to itself; they are left out.
 */
export function planFlood(upNeighbours: Iterable<number>, path: readonly number[], localId: number, covered: ReadonlySet<number> = new Set()): FloodPlan {
  if (path.length > UPDATE_MAX_PATH_LEN) return { targets: [], path: [...path], tooManyHops: true };
  const visited = new Set(path);
  const targets: number[] = [];
  for (const n of upNeighbours) if (!visited.has(n) && !covered.has(n)) targets.push(n);
  return { targets, path: [...path, localId], tooManyHops: false };
}

/** How the originator of a flooded message sent it. */
export interface FloodOrigin {
  /** The originator sent it to all its Up neighbours (LS_UPDATE), not to a single one (FULL_TOP_UPDATE, NODE_DESCRIPTION). */
  toAll: boolean;
  /**
   * A neighbour of the originator it was not sent to: the node an LS_UPDATE
   * "link Down" is about. (The node an LS_UPDATE "link Up" is about is not
   * sent it either, but gets the originator's FULL_TOP_UPDATE, which tells
   * the same, right after it: nobody forwards it to that node.)
   */
  except?: number;
}

/**
 * The nodes the previous hop of a flooded message sent it to, by what it
 * reports as its Up links: a forwarder sends to every Up neighbour not on the
 * path, the originator as `origin` says. Without this, each update of a
 * full mesh of N nodes costs N² frames instead of N, and the join of one
 * node N³. The previous hop's link reports and its forwarded copies come in
 * order on the same connection, so its adjacency as we hold it is the one
 * it used when it forwarded.
 */
export function coveredByPreviousHop(path: readonly number[], adjacencyOf: (id: number) => ReadonlySet<number> | undefined, origin: FloodOrigin): Set<number> {
  const prev = path[path.length - 1];
  if (prev === undefined || (path.length === 1 && !origin.toAll)) return new Set();
  const covered = new Set(adjacencyOf(prev) ?? []);
  if (path.length === 1 && origin.except !== undefined) covered.delete(origin.except);
  return covered;
}
