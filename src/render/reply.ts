import { badReply, isObject } from '../client/reply-shape.js';
import { ClError } from '../engine/errors.js';

/** Replies of the clusterer list methods: one entry per cluster. */
export interface PerCluster<N> {
  Clusters: { cluster_id: number; Nodes?: N[] }[];
}

/**
 * Checks the `{ Clusters: [{ cluster_id, Nodes: [...] }] }` envelope and each
 * node with `isNode`, so renderers can trust the types. Missing arrays count
 * as empty.
 */
export function perCluster<N>(method: string, x: unknown, isNode: (n: unknown) => n is N): PerCluster<N> {
  if (!isObject(x)) throw badReply(method, 'expected an object with Clusters');
  const clusters = x.Clusters ?? [];
  if (!Array.isArray(clusters)) throw badReply(method, 'Clusters is not an array');
  for (const c of clusters) {
    if (!isObject(c) || typeof c.cluster_id !== 'number') throw badReply(method, 'a cluster has no numeric cluster_id');
    const nodes = c.Nodes ?? [];
    if (!Array.isArray(nodes) || !nodes.every(isNode)) throw badReply(method, `cluster ${c.cluster_id} has a malformed node`);
  }
  // Returned as is: `--json` prints the reply unchanged.
  return x as unknown as PerCluster<N>;
}

/** `--cluster N`: keeps that cluster only; a cluster the node is not in is an error (exit 1). */
export function selectCluster<T extends PerCluster<unknown>>(result: T, clusterId: number | undefined): T {
  if (clusterId === undefined) return result;
  const kept = result.Clusters.filter((c) => c.cluster_id === clusterId);
  if (kept.length === 0) {
    const known = result.Clusters.map((c) => c.cluster_id).join(', ') || 'none';
    throw new ClError('CL_ERR_UNKNOWN_CLUSTER', `the node is not in cluster ${clusterId} (its clusters: ${known})`);
  }
  return { ...result, Clusters: kept };
}
