import { DB_FLAGS } from '../../../cli/common-flags.js';
import { defineCommand } from '../../../cli/definition.js';
import { withDb } from '../../../engine/provisioning/driver.js';
import { NodeTable } from '../../../engine/provisioning/table.js';
import { parseId, resolveDbTarget } from '../../../cli/db-target.js';
import { renderNodeRows } from '../../../render/db.js';

export default defineCommand({
  id: 'db:node:list',
  summary: 'List the rows of the clusterer table.',
  description: `One line per node, by cluster and node id. --json prints an array of rows
with the default column names, whatever *_col says.`,
  examples: ['<%= config.bin %> db node list --db-url sqlite:///var/lib/cl/cl.db', '<%= config.bin %> db node list -c node.yaml --cluster 1 --json'],
  args: {},
  flags: { ...DB_FLAGS, cluster: { type: 'string', summary: 'Only this cluster.' } },
  target: false,
  async run({ flags }) {
    const cluster = flags.cluster === undefined ? undefined : parseId('--cluster', flags.cluster);
    const target = await resolveDbTarget({ dbUrl: flags['db-url'], config: flags.config, dbTable: flags['db-table'] });
    const rows = await withDb(target.url, {}, (db) => new NodeTable(db, target.table, target.columns).list(cluster));
    return { result: rows, human: [renderNodeRows(rows, target.table)] };
  },
});
