import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';

export default class ShtagSetActive extends BaseCommand {
  static override summary = 'Make this node active for a sharing tag; the other nodes become backup.';
  static override description = `Calls clusterer_shtag_set_active (so it works against OpenSIPS too, with
--url). The node sets the tag active and sends SHTAG_ACTIVE to every other
node of the cluster, which step down to backup. Nodes that cannot be reached
now are told when they come back. Prints OK.`;
  static override examples = ['<%= config.bin %> shtag set-active vip/1 -s /tmp/cl-node2.sock'];
  static override args = {
    tag: Args.string({ required: true, description: 'Tag as name/cluster_id, e.g. vip/1.' }),
  };

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(ShtagSetActive);
    const result = await this.client(flags).call('clusterer_shtag_set_active', [args.tag]);
    this.log(flags.json ? JSON.stringify(result) : String(result));
    return result;
  }
}
