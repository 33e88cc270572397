import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { getShtag } from '../../client/shtags.js';
import { renderShtagState, shtagExitCode, type ShtagRow } from '../../render/shtags.js';

export default class ShtagGet extends BaseCommand {
  static override summary = 'Print the state of a sharing tag; exit 0 if active, 1 if backup.';
  static override description = `Calls cl_shtag_get and prints "active" or "backup". The exit status makes
it a shell condition: 0 when the tag is active on this node, 1 when backup;
other failures use the usual codes (3 node unreachable, 4 timeout, 5 MI
error such as a bad tag or an unknown cluster). Like $cluster.sh_tag in
OpenSIPS, reading an unknown tag of a known cluster creates it as backup.
Against an OpenSIPS (--url), which has no cl_shtag_get, the tag's row of
clusterer_list_shtags is used; a tag it does not list is an error (exit 5).`;
  static override examples = [
    '<%= config.bin %> shtag get vip/1 -s /tmp/cl-node1.sock',
    'if <%= config.bin %> shtag get vip/1 >/dev/null; then ip addr add 10.0.0.100/24 dev eth0; fi',
  ];
  static override args = {
    tag: Args.string({ required: true, description: 'Tag as name/cluster_id, e.g. vip/1.' }),
  };

  async run(): Promise<ShtagRow> {
    const { args, flags } = await this.parse(ShtagGet);
    const row = await getShtag(this.client(flags), args.tag);
    this.log(flags.json ? JSON.stringify(row) : renderShtagState(row));
    if (shtagExitCode(row) !== 0) this.exit(shtagExitCode(row));
    return row;
  }
}
