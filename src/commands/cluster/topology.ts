import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { selectCluster } from '../../render/reply.js';
import { renderTopology } from '../../render/topology.js';

export default defineCommand({
  id: 'cluster:topology',
  summary: 'Show the topology of each cluster as this node sees it.',
  description: `Calls clusterer_list_topology and prints, per cluster, every known node
followed by the nodes it has an Up link with. The local node comes first,
marked (local). --json prints the MI result unchanged, on one line.`,
  examples: ['<%= config.bin %> cluster topology -s /tmp/cl-node1.sock', '<%= config.bin %> cluster topology --cluster 1 --json'],
  args: {},
  flags: { ...TARGET_FLAGS, cluster: { type: 'integer', summary: 'Show only this cluster.', min: 1 } },
  target: true,
  async run({ flags }, client, io) {
    const result = selectCluster(await client.call('clusterer_list_topology'), flags.cluster);
    return { result, human: [renderTopology(result, { color: io.color })] };
  },
});
