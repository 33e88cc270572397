import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';

export default defineCommand({
  id: 'shtag:set',
  summary: 'Set a sharing tag to a state; only "active" is possible.',
  description: `"set TAG active" is "shtag set-active TAG". "set TAG backup" is refused by
the node (exit 5): a node goes to backup only when another node activates
the tag, so run "cl shtag set-active TAG" on the node that should own it.`,
  examples: ['<%= config.bin %> shtag set vip/1 active -s /tmp/cl-node2.sock'],
  args: {
    tag: { type: 'string', required: true, description: 'Tag as name/cluster_id, e.g. vip/1.' },
    state: { type: 'string', required: true, options: ['active', 'backup'], description: 'active (backup is refused).' },
  },
  flags: TARGET_FLAGS,
  target: true,
  async run({ args }, client) {
    const result = args.state === 'active' ? await client.call('clusterer_shtag_set_active', [args.tag]) : await client.call('cl_shtag_set', [args.tag, args.state]);
    return { result, human: [result] };
  },
});
