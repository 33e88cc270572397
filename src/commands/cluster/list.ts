import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { renderClusterList } from '../../render/cluster-list.js';
import { selectCluster } from '../../render/reply.js';

export default defineCommand({
  id: 'cluster:list',
  summary: 'List the other nodes of each cluster as this node sees them.',
  description: `Calls clusterer_list. One row per remote node: URL, link state (Up, Probe,
Down), whether it is enabled, the next hop towards it and its description.
--json prints the MI result unchanged, on one line. Works against a real
OpenSIPS too (--url http://HOST:PORT/mi).`,
  examples: [
    '<%= config.bin %> cluster list -s /tmp/cl-node1.sock',
    '<%= config.bin %> cluster list --cluster 1 --json',
    '<%= config.bin %> cluster list --url http://127.0.0.1:8888/mi',
  ],
  args: {},
  flags: { ...TARGET_FLAGS, cluster: { type: 'integer', summary: 'Show only this cluster.', min: 1 } },
  target: true,
  async run({ flags }, client, io) {
    const result = selectCluster(await client.call('clusterer_list'), flags.cluster);
    return { result, human: [renderClusterList(result, { color: io.color })] };
  },
});
