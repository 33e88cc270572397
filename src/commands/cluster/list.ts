import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { asClusterList, renderClusterList, type ClusterListResult } from '../../render/cluster-list.js';
import { selectCluster } from '../../render/reply.js';
import { wantsColor } from '../../render/style.js';

export default class ClusterList extends BaseCommand {
  static override summary = 'List the other nodes of each cluster as this node sees them.';
  static override description = `Calls clusterer_list. One row per remote node: URL, link state (Up, Probe,
Down), whether it is enabled, the next hop towards it and its description.
--json prints the MI result unchanged, on one line. Works against a real
OpenSIPS too (--url http://HOST:PORT/mi).`;
  static override examples = [
    '<%= config.bin %> cluster list -s /tmp/cl-node1.sock',
    '<%= config.bin %> cluster list --cluster 1 --json',
    '<%= config.bin %> cluster list --url http://127.0.0.1:8888/mi',
  ];
  static override flags = {
    cluster: Flags.integer({ summary: 'Show only this cluster.', min: 1 }),
  };

  async run(): Promise<ClusterListResult> {
    const { flags } = await this.parse(ClusterList);
    const result = selectCluster(asClusterList(await this.client(flags).call('clusterer_list')), flags.cluster);
    this.log(flags.json ? JSON.stringify(result) : renderClusterList(result, { color: wantsColor(process.stdout) }));
    return result;
  }
}
