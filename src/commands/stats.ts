import { readStats } from '../client/stats-sr.js';
import { FORMAT_FLAG, TARGET_FLAGS } from '../cli/common-flags.js';
import { defineCommand } from '../cli/definition.js';
import { renderStats } from '../render/stats-sr.js';

export default defineCommand({
  id: 'stats',
  summary: 'Print statistics of a node (get_statistics): all, groups such as clusterer:, or names.',
  description: `Calls get_statistics with the words given (default: all): a statistic's
name (bin_packets_sent), a group ending in ":" (clusterer:, sync:, kv:,
core:) or all. One row per statistic, NAME (module:name) and VALUE, in the
node's order. --json prints [{"name", "value"}]; -o lines prints
tab-separated rows for awk. A name the node does not have is left out, as
OpenSIPS does (a note on stderr when none matched; exit 0). Works against
an OpenSIPS (--url) too.`,
  examples: ['<%= config.bin %> stats clusterer: core:', '<%= config.bin %> stats bin_packets_sent --json', '<%= config.bin %> stats -o lines | awk \'$2 > 0\''],
  args: {},
  usage: 'stats [NAME...] [-o table|json|yaml|lines] [-s <value>] [--url <value>] [--json]',
  variadic: true,
  flags: { ...FORMAT_FLAG, ...TARGET_FLAGS },
  target: true,
  async run({ rest }, client) {
    const rows = await readStats(client, rest.length > 0 ? rest : ['all']);
    const none = rows.length === 0 ? [`(no statistic matches ${rest.join(' ')}: 'cl stats' lists them all)`] : [];
    return { result: rows, human: [renderStats(rows)], stderr: none };
  },
});
