import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { selectCluster } from '../../render/reply.js';
import { wantsColor } from '../../render/style.js';
import { asTopology, renderTopology, type TopologyResult } from '../../render/topology.js';

export default class ClusterTopology extends BaseCommand {
  static override summary = 'Show the topology of each cluster as this node sees it.';
  static override description = `Calls clusterer_list_topology and prints, per cluster, every known node
followed by the nodes it has an Up link with. The local node comes first,
marked (local). --json prints the MI result unchanged, on one line.`;
  static override examples = [
    '<%= config.bin %> cluster topology -s /tmp/cl-node1.sock',
    '<%= config.bin %> cluster topology --cluster 1 --json',
  ];
  static override flags = {
    cluster: Flags.integer({ summary: 'Show only this cluster.', min: 1 }),
  };

  async run(): Promise<TopologyResult> {
    const { flags } = await this.parse(ClusterTopology);
    const result = selectCluster(asTopology(await this.client(flags).call('clusterer_list_topology')), flags.cluster);
    this.log(flags.json ? JSON.stringify(result) : renderTopology(result, { color: wantsColor(process.stdout) }));
    return result;
  }
}
