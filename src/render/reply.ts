import type { PerCluster } from '../contract/index.js';
import { ClError } from '../engine/errors.js';

export type { PerCluster } from '../contract/index.js';

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
