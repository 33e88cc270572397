/**
 * Whether a node may be learned (db_mode 0 discovery): the checks every
 * NODE_DESCRIPTION, FULL_TOP_UPDATE entry and remembered peer passes before
 * the node is created. A refusal is an effect the owner logs (rate-limited)
 * and counts; nothing a peer sends creates a node that these refuse.
 */
import { admits, describePolicy, JOIN_ANY, type JoinPolicy } from '../config/join-policy.js';
import { LIMIT_DEFAULTS } from '../config/limits.js';
import { parseBinUrl } from '../config/url.js';
import { wireText } from '../common/printable.js';

export interface AdmissionRules {
  /** `join_policy` of the cluster. */
  policy: JoinPolicy;
  /** `max_nodes_per_cluster`: remote nodes the cluster may hold. */
  maxNodes: number;
}

export const DEFAULT_ADMISSION: Readonly<AdmissionRules> = Object.freeze({ policy: JOIN_ANY, maxNodes: LIMIT_DEFAULTS.maxNodesPerCluster });

/** Why a node was not learned (the statistic each one bumps is named after it, docs/limits.md). */
export type RefusalReason = 'bad_id' | 'bad_url' | 'cluster_full' | 'join_policy';

export interface Refusal {
  reason: RefusalReason;
  msg: string;
}

/** Node ids are positive 32-bit integers (`node_id` of the configuration and the clusterer table). */
export const MAX_NODE_ID = 2 ** 31 - 1;
export const validNodeId = (id: number): boolean => Number.isInteger(id) && id >= 1 && id <= MAX_NODE_ID;

/**
 * The checks, in order: the id, the URL (the configuration's parser), the
 * cluster's node limit, the join policy on the URL's address. Returns the
 * normalised URL to store, or why the node is refused.
 */
export function admit(
  clusterId: number, id: number, url: string, nodeCount: number, rules: AdmissionRules,
): { url: string; host: string } | Refusal {
  const about = `node [${id}] in cluster [${clusterId}]`;
  if (!validNodeId(id)) return { reason: 'bad_id', msg: `refusing node id [${id}] in cluster [${clusterId}]: node ids are 1-${MAX_NODE_ID}` };
  let parsed;
  try {
    parsed = parseBinUrl(url);
  } catch {
    return { reason: 'bad_url', msg: `refusing ${about}: bad URL "${wireText(url)}"` };
  }
  if (nodeCount >= rules.maxNodes) {
    return { reason: 'cluster_full', msg: `refusing ${about}: the cluster already holds ${nodeCount} nodes (max_nodes_per_cluster ${rules.maxNodes})` };
  }
  if (!admits(rules.policy, parsed.host)) {
    return { reason: 'join_policy', msg: `refusing ${about} at ${parsed.host}: join_policy is ${describePolicy(rules.policy)}` };
  }
  return { url: parsed.url, host: parsed.host };
}

export const isRefusal = (r: { url: string } | Refusal): r is Refusal => 'reason' in r;
