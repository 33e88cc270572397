import type { PerCluster } from '../contract/index.js';
import { ClientError } from './errors.js';

/**
 * Shape checks of the replies the client receives: a node (or another
 * program behind `--url`) may answer anything, so every reply is checked
 * before it is trusted.
 */
export const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The reply is not what `method` answers (e.g. another program behind `--url`): exit 8, not a crash. */
export function badReply(method: string, what: string): ClientError {
  return new ClientError('CL_ERR_BAD_REPLY', `unexpected reply to ${method}: ${what}`);
}

export const hasFields = (n: unknown, fields: Record<string, 'number' | 'string' | 'array'>): n is Record<string, unknown> =>
  isObject(n) && Object.entries(fields).every(([k, t]) => (t === 'array' ? Array.isArray(n[k]) : typeof n[k] === t));

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
