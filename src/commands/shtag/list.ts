import { listShtags } from '../../client/shtags.js';
import { FORMAT_FLAG, TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { renderShtagList } from '../../render/shtags.js';

export default defineCommand({
  id: 'shtag:list',
  summary: 'List the sharing tags of a node with state, since when and why.',
  description: `Calls cl_shtag_list. One row per tag: name, cluster, state (active or
backup), when it entered that state and the reason (e.g. "MI command",
"cluster broadcast from 2", "takeover: active node 1 down"). Tags learned
from other nodes are listed too. --json prints the MI result unchanged.
Against an OpenSIPS (--url), which has no cl_shtag_list, it falls back to
clusterer_list_shtags (no since/reason).`,
  examples: ['<%= config.bin %> shtag list -s /tmp/cl-node1.sock', '<%= config.bin %> shtag list --json'],
  args: {},
  flags: { ...FORMAT_FLAG, ...TARGET_FLAGS },
  target: true,
  async run(_input, client, io) {
    const rows = await listShtags(client);
    return { result: rows, human: [renderShtagList(rows, { color: io.color, now: Date.now() })] };
  },
});
