import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';

export default class ShtagSet extends BaseCommand {
  static override summary = 'Set a sharing tag to a state; only "active" is possible.';
  static override description = `"set TAG active" is "shtag set-active TAG". "set TAG backup" is refused by
the node (exit 5): a node goes to backup only when another node activates
the tag, so run "cl shtag set-active TAG" on the node that should own it.`;
  static override examples = ['<%= config.bin %> shtag set vip/1 active -s /tmp/cl-node2.sock'];
  static override args = {
    tag: Args.string({ required: true, description: 'Tag as name/cluster_id, e.g. vip/1.' }),
    state: Args.string({ required: true, options: ['active', 'backup'], description: 'active (backup is refused).' }),
  };

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(ShtagSet);
    const [method, params] = args.state === 'active' ? ['clusterer_shtag_set_active', [args.tag]] : ['cl_shtag_set', [args.tag, args.state]];
    const result = await this.client(flags).call(method, params);
    this.log(flags.json ? JSON.stringify(result) : String(result));
    return result;
  }
}
