import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';

export default defineCommand({
  id: 'shtag:set',
  summary: 'Set a sharing tag to a state; only "active" is possible.',
  description: `"set TAG active" is "shtag set-active TAG". There is no "set TAG backup":
a node goes to backup only when another node activates the tag, so run
"cl shtag set-active TAG" on the node that should own it (a STATE other
than active is a usage error, exit 2).`,
  examples: ['<%= config.bin %> shtag set vip/1 active -s /tmp/cl-node2.sock'],
  args: {
    tag: { type: 'string', required: true, description: 'Tag as name/cluster_id, e.g. vip/1.' },
    state: { type: 'string', required: true, options: ['active'], description: 'active: the only state a node takes by itself.' },
  },
  flags: TARGET_FLAGS,
  target: true,
  async run({ args }, client) {
    const result = await client.call('clusterer_shtag_set_active', [args.tag]);
    return { result, human: [result] };
  },
});
