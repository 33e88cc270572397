import { ClientError } from '../../client/errors.js';
import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { renderNodeStatus, type NodeStatusRow } from '../../render/node-status.js';

export default defineCommand({
  id: 'node:status',
  summary: 'Show the state of this node in each of its clusters, or of one node as this node sees it.',
  description: `Reads cl_status. Without arguments: this node in each of its clusters
(its URL there and whether it is enabled). With CLUSTER: this node and every
other node of that cluster; with CLUSTER NODE: that node only, as this node
sees it: link state (Up, Probe, Down), enabled or disabled here (cl node
set-status), next hop, age of the last pong. --json prints the rows,
[{"cluster_id", "node_id", "self", "url", "enabled", "link_state",
"next_hop", "last_pong_ms_ago"}]. A cluster or node this node does not know
is an error (exit 5).`,
  examples: ['<%= config.bin %> node status', '<%= config.bin %> node status 1 3', '<%= config.bin %> node status 1 --json'],
  args: {
    cluster: { type: 'id', description: 'Cluster id (default: every cluster of this node, this node only).' },
    node: { type: 'id', description: 'Node id (default: every node of CLUSTER).' },
  },
  flags: TARGET_FLAGS,
  target: true,
  async run({ args }, client, io) {
    const st = await client.call('cl_status');
    const self = (c: (typeof st.clusters)[number]): NodeStatusRow => ({ cluster_id: c.cluster_id, node_id: st.node_id, self: true, url: c.url, enabled: c.enabled, link_state: 'self', next_hop: null, last_pong_ms_ago: null });
    let rows: NodeStatusRow[];
    if (args.cluster === undefined) rows = st.clusters.map(self);
    else {
      const c = st.clusters.find((x) => x.cluster_id === args.cluster);
      if (!c) throw new ClientError('CL_ERR_UNKNOWN_CLUSTER', `this node (${st.node_id}) is not in cluster ${args.cluster} (its clusters: ${st.clusters.map((x) => x.cluster_id).join(', ') || 'none'})`);
      const others = c.nodes.map((n): NodeStatusRow => ({ cluster_id: c.cluster_id, node_id: n.node_id, self: false, url: n.url, enabled: n.enabled, link_state: n.link_state, next_hop: n.next_hop, last_pong_ms_ago: n.last_pong_ms_ago }));
      rows = [self(c), ...others].sort((a, b) => a.node_id - b.node_id);
      if (args.node !== undefined) {
        rows = rows.filter((r) => r.node_id === args.node);
        if (rows.length === 0) throw new ClientError('CL_ERR_UNKNOWN_NODE', `node ${args.node} is not known in cluster ${c.cluster_id} (its other nodes: ${c.nodes.map((n) => n.node_id).join(', ') || 'none'}; this node is ${st.node_id})`);
      }
    }
    return { result: rows, human: [renderNodeStatus(rows, { color: io.color })] };
  },
});
