/**
 * Flooding of accepted LS_UPDATE / FULL_TOP_UPDATE / NODE_DESCRIPTION /
 * CAP_UPDATE messages to direct neighbours (reference §2.4). Only the choice
 * of targets and the new path live here; re-encoding is the wire layer's job.
 */
import { UPDATE_MAX_PATH_LEN } from '../wire/constants.js';

export interface FloodPlan {
  /** Up neighbours not already on the path (nor left out by `skip`, see floodSkip). */
  targets: number[];
  /** The path to put in the forwarded copy (ours appended). */
  path: number[];
  /** Set when the message travelled too far and must not be forwarded. */
  tooManyHops: boolean;
}

/** Every Up neighbour not on the path, as OpenSIPS, but those `skip` leaves out. */
export function planFlood(upNeighbours: Iterable<number>, path: readonly number[], localId: number, skip: (target: number) => boolean = () => false): FloodPlan {
  if (path.length > UPDATE_MAX_PATH_LEN) return { targets: [], path: [...path], tooManyHops: true };
  const visited = new Set(path);
  const targets: number[] = [];
  for (const n of upNeighbours) if (!visited.has(n) && !skip(n)) targets.push(n);
  return { targets, path: [...path, localId], tooManyHops: false };
}

/** How the originator of a flooded message sent it. */
export interface FloodOrigin {
  /** The originator sent it to all its Up neighbours (LS_UPDATE), not to a single one (FULL_TOP_UPDATE, NODE_DESCRIPTION). */
  toAll: boolean;
  /** The node an LS_UPDATE is about: its originator does not send it there. */
  about?: number;
}

const EMPTY: ReadonlySet<number> = new Set<number>();

/** How many of the originator's neighbours send an LS_UPDATE on to each node the originator has no link with. */
export const FLOOD_REDUNDANCY = 2;

/**
 * Which Up neighbours a forwarder leaves out. OpenSIPS sends to every Up
 * neighbour off the path: an update of a full mesh of N nodes then costs N²
 * frames instead of N, and the join of one node N³.
 *
 * - The previous hop sent the message to every node it reports an Up link
 *   with, or those had it already (a forwarder: all but the path and those
 *   these rules leave out; the originator: as `origin` says): they are left
 *   out. Its link reports and its forwarded copies come in order on the
 *   same connection, so its links as we hold them are the ones it used.
 * - The originator of an LS_UPDATE sends it to all its neighbours but the
 *   node it is about; nobody else sends it to them, so each gets it straight
 *   from the originator first. Each node the originator has no link with is
 *   sent it by the FLOOD_REDUNDANCY lowest ids among those neighbours that
 *   link to it, not by all of them: the choice depends on the topology only,
 *   so every neighbour makes the same one. (A random-topology test floods
 *   through these rules with copies delivered in any order.)
 */
export function floodSkip(
  path: readonly number[],
  localId: number,
  localAdjacency: ReadonlySet<number>,
  adjacencyOf: (id: number) => ReadonlySet<number> | undefined,
  origin: FloodOrigin,
): (target: number) => boolean {
  const prev = path[path.length - 1];
  const fromOrigin = path.length === 1;
  if (prev === undefined || (fromOrigin && !origin.toAll)) return () => false;
  const byPrev = adjacencyOf(prev) ?? EMPTY;
  if (!origin.toAll) return (t) => byPrev.has(t);
  // An LS_UPDATE: the originator's neighbours (but the node it is about) had it straight from it.
  // Read in place, not copied: this runs for every accepted update, and a copy costs a full mesh N per update.
  const originAdj = adjacencyOf(path[0]!) ?? EMPTY;
  const about = origin.about;
  const had = (t: number): boolean => t !== about && originAdj.has(t);
  if (!fromOrigin) return (t) => had(t) || byPrev.has(t);
  let forwarders: number[] | undefined;
  const linked = (c: number, t: number): boolean => (c === localId ? localAdjacency.has(t) : adjacencyOf(c)?.has(t) === true);
  return (target) => {
    if (target === localId || had(target)) return true;
    // Sorted once per update, and only when a target is not a neighbour of the originator (never in a full mesh).
    forwarders ??= [...originAdj, localId].filter((c) => c !== about || c === localId).sort((a, b) => a - b);
    let rank = 0;
    for (const c of forwarders) {
      if (!linked(c, target)) continue;
      if (c === localId) return false;
      if (++rank >= FLOOD_REDUNDANCY) return true;
    }
    return false;
  };
}
