import type { ControlClient } from './control-client.js';
import { ClientError } from './errors.js';

/** What a `cluster_send_*` call answered when it did not send: the script code and its text. */
export interface NotSent {
  code: number;
  status: string;
}

/**
 * The error of a message that was not sent, naming why: -1 this node is
 * disabled, -2 the destination is unreachable, -3 an unknown cluster or
 * node (asked of the node with clusterer_list, which OpenSIPS answers too),
 * else a send error. `node` is left out for a broadcast.
 */
export async function notSentError(client: Pick<ControlClient, 'call'>, what: 'request' | 'reply', cluster: number, node: number | undefined, r: NotSent): Promise<ClientError> {
  const to = node === undefined ? `cluster ${cluster}` : `node ${node} of cluster ${cluster}`;
  const fail = (msg: string): ClientError => new ClientError('CL_ERR_MSG_NOT_SENT', `${what} not sent (code ${r.code}, ${r.status}): ${msg}`);
  if (r.code === -1) return fail(`this node is disabled in cluster ${cluster} ('cl node set-status ${cluster} enabled' enables it)`);
  if (r.code === -2) return fail(`${to} is unreachable now${node === undefined ? '' : ` ('cl cluster route ${cluster} ${node}' says why)`}`);
  try {
    const list = await client.call('clusterer_list');
    const c = list.Clusters.find((x) => x.cluster_id === cluster);
    if (!c) {
      const ids = list.Clusters.map((x) => x.cluster_id).join(', ') || 'none';
      return new ClientError('CL_ERR_UNKNOWN_CLUSTER', `${what} not sent: this node is not in cluster ${cluster} (its clusters: ${ids})`);
    }
    if (node !== undefined && !(c.Nodes ?? []).some((n) => n.node_id === node)) {
      const ids = (c.Nodes ?? []).map((n) => n.node_id).sort((a, b) => a - b).join(', ') || 'none';
      return new ClientError('CL_ERR_UNKNOWN_NODE', `${what} not sent: node ${node} is not known in cluster ${cluster} (its other nodes: ${ids})`);
    }
  } catch {
    /* the node's answer to the send is what there is to say */
  }
  return fail(`sending to ${to} failed (see the node's log)`);
}
