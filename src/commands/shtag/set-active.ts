import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';

export default defineCommand({
  id: 'shtag:set-active',
  summary: 'Make this node active for a sharing tag; the other nodes become backup.',
  description: `Calls clusterer_shtag_set_active (so it works against OpenSIPS too, with
--url). The node sets the tag active and sends SHTAG_ACTIVE to every other
node of the cluster, which step down to backup. Nodes that cannot be reached
now are told when they come back. Prints OK.`,
  examples: ['<%= config.bin %> shtag set-active vip/1 -s /tmp/cl-node2.sock'],
  args: { tag: { type: 'string', required: true, description: 'Tag as name/cluster_id, e.g. vip/1.' } },
  flags: TARGET_FLAGS,
  target: true,
  async run({ args }, client) {
    const result = await client.call('clusterer_shtag_set_active', [args.tag]);
    return { result, human: [result] };
  },
});
