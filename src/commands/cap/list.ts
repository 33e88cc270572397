import { FORMAT_FLAG, TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { renderCapList } from '../../render/caps.js';

export default defineCommand({
  id: 'cap:list',
  summary: 'List the capabilities of a node: sync state, donor, records, synced nodes.',
  description: `Calls cl_cap_list. One row per capability and cluster: its state
(synced, sync pending, sync in progress, not synced), whether it is enabled,
the donor it is syncing from, the records received of those the donor said
it sends ("verified" when count and digest were checked against a cl
donor), and the nodes that hold it synced. --json prints the MI result.`,
  examples: ['<%= config.bin %> cap list -s /tmp/cl-node2.sock', '<%= config.bin %> cap list --json'],
  args: {},
  flags: { ...FORMAT_FLAG, ...TARGET_FLAGS },
  target: true,
  async run(_input, client, io) {
    const rows = await client.call('cl_cap_list');
    return { result: rows, human: [renderCapList(rows, { color: io.color })] };
  },
});
