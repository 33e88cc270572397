import { FORMAT_FLAG, TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import type { ControlClient } from '../../client/control-client.js';
import { ClientError } from '../../client/errors.js';
import { RpcCode } from '../../contract/index.js';
import { renderClusterList, withSelf, type SelfNode } from '../../render/cluster-list.js';

/** The answering node in each of its clusters: from cl_status, or on an endpoint without it (OpenSIPS) from its topology, whose first node it is. */
async function selfNodes(client: ControlClient): Promise<SelfNode[]> {
  try {
    const s = await client.call('cl_status');
    return s.clusters.map((c) => ({ cluster_id: c.cluster_id, node_id: s.node_id, url: c.url, enabled: c.enabled }));
  } catch (err) {
    if (!(err instanceof ClientError) || err.rpcCode !== RpcCode.METHOD_NOT_FOUND) throw err;
  }
  const top = await client.call('clusterer_list_topology');
  return top.Clusters.flatMap((c) => (c.Nodes?.[0] ? [{ cluster_id: c.cluster_id, node_id: c.Nodes[0].node_id, url: '-', enabled: null }] : []));
}
import { selectCluster } from '../../render/reply.js';

export default defineCommand({
  id: 'cluster:list',
  summary: 'List the nodes of each cluster as this node sees them, itself included.',
  description: `Calls clusterer_list (and cl_status for the node itself). One row per node,
sorted by cluster, then node id: URL, link state (Up, Probe, Down; "self"
for the node that answers), whether it is enabled, the next hop towards it
and its description. --json prints {"clusters":[{"cluster_id","nodes":[…]}]}
on one line, each node with "self" true or false. Works against a real
OpenSIPS too (--url http://HOST:PORT/mi; its own URL is then unknown, "-").
An unknown --cluster exits 5.`,
  examples: [
    '<%= config.bin %> cluster list -s /tmp/cl-node1.sock',
    '<%= config.bin %> cluster list --cluster 1 --json',
    '<%= config.bin %> cluster list --url http://127.0.0.1:8888/mi',
  ],
  args: {},
  flags: { ...FORMAT_FLAG, ...TARGET_FLAGS, cluster: { type: 'integer', summary: 'Show only this cluster.', min: 1 } },
  target: true,
  async run({ flags }, client, io) {
    const [list, self] = await Promise.all([client.call('clusterer_list'), selfNodes(client)]);
    const result = selectCluster(withSelf(list, self), flags.cluster);
    return { result, human: [renderClusterList(result, { color: io.color })] };
  },
});
