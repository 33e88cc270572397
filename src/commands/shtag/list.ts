import { BaseCommand } from '../../cli/base-command.js';
import { listShtags } from '../../client/shtags.js';
import { renderShtagList, type ShtagRow } from '../../render/shtags.js';
import { wantsColor } from '../../render/style.js';

export default class ShtagList extends BaseCommand {
  static override summary = 'List the sharing tags of a node with state, since when and why.';
  static override description = `Calls cl_shtag_list. One row per tag: name, cluster, state (active or
backup), when it entered that state and the reason (e.g. "MI command",
"cluster broadcast from 2", "takeover: active node 1 down"). Tags learned
from other nodes are listed too. --json prints the MI result unchanged.
Against an OpenSIPS (--url), which has no cl_shtag_list, it falls back to
clusterer_list_shtags (no since/reason).`;
  static override examples = ['<%= config.bin %> shtag list -s /tmp/cl-node1.sock', '<%= config.bin %> shtag list --json'];

  async run(): Promise<ShtagRow[]> {
    const { flags } = await this.parse(ShtagList);
    const rows = await listShtags(this.client(flags));
    this.log(flags.json ? JSON.stringify(rows) : renderShtagList(rows, { color: wantsColor(process.stdout), now: Date.now() }));
    return rows;
  }
}
