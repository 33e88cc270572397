import { readSrReports } from '../../client/stats-sr.js';
import { FORMAT_FLAG, TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { renderSrReports } from '../../render/stats-sr.js';

export default defineCommand({
  id: 'sr:reports',
  summary: 'List the reports (history) of a status/report identifier, or of every identifier of a group.',
  description: `Calls sr_list_reports. One row per report, oldest first for each
identifier: identifier, date and the logged text (e.g. "Node [2], cluster
[1] is UP", "Sync request postponed! (no donor available)").
--json prints [{"group", "identifier", "timestamp", "date", "log"}]
(timestamp in seconds since the epoch). An unknown group or identifier is an
error (exit 5).`,
  examples: ['<%= config.bin %> sr reports clusterer', '<%= config.bin %> sr reports clusterer node_states --json'],
  args: {
    group: { type: 'string', required: true, description: 'Group, e.g. clusterer.' },
    identifier: { type: 'string', description: 'Identifier, e.g. node_states (default: every identifier of the group).' },
  },
  flags: { ...FORMAT_FLAG, ...TARGET_FLAGS },
  target: true,
  async run({ args }, client) {
    const rows = await readSrReports(client, args.group, args.identifier);
    return { result: rows, human: [renderSrReports(rows)] };
  },
});
