import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { selectCluster } from '../../render/reply.js';
import { renderTopology } from '../../render/topology.js';
import { renderTopologyDot } from '../../render/topology-dot.js';

export default defineCommand({
  id: 'cluster:topology',
  summary: 'Show the topology of each cluster as this node sees it.',
  description: `Calls clusterer_list_topology and prints, per cluster, every known node
followed by the nodes it has an Up link with. The local node comes first,
marked (local). --json prints the reply on one line, in snake_case keys.
--format dot prints a Graphviz graph instead (render it with dot -Tsvg): a
link the topology reports Up is a green edge, this node's Down and Probe
links are red and orange, a node reached through another one has a dashed
edge labelled "via N", an unreachable node is drawn dashed.`,
  examples: ['<%= config.bin %> cluster topology -s /tmp/cl-node1.sock', '<%= config.bin %> cluster topology --cluster 1 --json', '<%= config.bin %> cluster topology --format dot | dot -Tsvg > topology.svg'],
  args: {},
  flags: {
    ...TARGET_FLAGS,
    cluster: { type: 'integer', summary: 'Show only this cluster.', min: 1 },
    format: { type: 'string', summary: 'text, or dot: a Graphviz graph (links coloured by state, relayed routes dashed).', options: ['text', 'dot'], default: 'text' },
  },
  target: true,
  compareAcrossNodes: true,
  async run({ flags }, client, io) {
    const result = selectCluster(await client.call('clusterer_list_topology'), flags.cluster);
    if (flags.format !== 'dot' || flags.json) return { result, human: [renderTopology(result, { color: io.color })] };
    const list = await client.call('clusterer_list');
    return { result, human: [renderTopologyDot(result, list)] };
  },
});
