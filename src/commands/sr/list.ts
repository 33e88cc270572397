import { readSrStatus } from '../../client/stats-sr.js';
import { FORMAT_FLAG, TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { renderSrStatus } from '../../render/stats-sr.js';

export default defineCommand({
  id: 'sr:list',
  summary: 'List the status/report identifiers of a node with their readiness and status.',
  description: `Calls sr_list_status (of GROUP, else of every group). One row per
identifier: group, identifier (cap:<capability>, sharing_tags,
node_states, ...), ready (yes/no), status (a number; 1 is OK) and details.
--json prints [{"group", "identifier", "ready", "status", "details"}].
An unknown group is an error (exit 5).`,
  examples: ['<%= config.bin %> sr list', '<%= config.bin %> sr list clusterer --json'],
  args: { group: { type: 'string', description: 'Group, e.g. clusterer (default: every group).' } },
  flags: { ...FORMAT_FLAG, ...TARGET_FLAGS },
  target: true,
  async run({ args }, client) {
    const rows = await readSrStatus(client, args.group);
    return { result: rows, human: [renderSrStatus(rows)] };
  },
});
