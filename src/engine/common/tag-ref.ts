import { ShtagCode, ShtagError } from './shtag-errors.js';

/** A sharing tag's identity: a name (case-sensitive) within a cluster. */
export interface TagRef {
  name: string;
  clusterId: number;
}

/** OpenSIPS keeps cluster ids in a C int. */
const MAX_CLUSTER_ID = 2 ** 31 - 1;

/** Map key of a tag; `/` cannot occur in a cluster id, so keys never collide. */
export const tagKey = (name: string, clusterId: number): string => `${name}/${clusterId}`;

/**
 * Parses `name/cluster_id` the way `clusterer_shtag_set_active` does: split
 * at the first `/`, trim both parts, the cluster id an unsigned integer.
 * The error messages are OpenSIPS's MI texts. An empty name is refused
 * (OpenSIPS would create a tag with an empty name).
 */
export function parseTagRef(text: string): TagRef {
  const slash = text.indexOf('/');
  const name = slash < 0 ? '' : text.slice(0, slash).trim();
  if (slash < 0 || name === '') throw new ShtagError(ShtagCode.BAD_FORMAT, 'Bad tag format <name/cluster_id>');
  const cid = text.slice(slash + 1).trim();
  if (!/^\d+$/.test(cid) || Number(cid) > MAX_CLUSTER_ID) throw new ShtagError(ShtagCode.BAD_CLUSTER_ID, 'Bad cluster ID in tag');
  return { name, clusterId: Number(cid) };
}
