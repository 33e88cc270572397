import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';

export default defineCommand({
  id: 'node:remove',
  summary: 'Remove a node from the topology of every node of a cluster (db_mode 0).',
  description: `Calls clusterer_remove_node: the node tells every enabled node of the
cluster to forget NODE, then forgets it itself; NODE, when it gets the
message, disables itself in that cluster. Only in db_mode 0.`,
  examples: ['<%= config.bin %> node remove 1 3 -s /tmp/cl-node1.sock'],
  args: {
    cluster: { type: 'id', required: true, description: 'Cluster id.' },
    node: { type: 'id', required: true, description: 'Id of the node to remove.' },
  },
  flags: TARGET_FLAGS,
  target: true,
  async run({ args }, client) {
    const result = await client.call('clusterer_remove_node', [args.cluster, args.node]);
    return { result, human: [result] };
  },
});
