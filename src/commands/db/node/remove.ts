import { DB_FLAGS } from '../../../cli/common-flags.js';
import { defineCommand } from '../../../cli/definition.js';
import { withDb } from '../../../engine/provisioning/driver.js';
import { NodeTable } from '../../../engine/provisioning/table.js';
import { parseId, resolveDbTarget } from '../../../cli/db-target.js';
import { renderNodeRemoved } from '../../../render/db.js';

export default defineCommand({
  id: 'db:node:remove',
  summary: 'Remove a node (its row) from the clusterer table.',
  description: `Deletes the row of NODE in CLUSTER; no such row is an error (exit 1).
Running nodes drop it with 'cl mi clusterer_reload'.`,
  examples: ['<%= config.bin %> db node remove 1 4 --db-url sqlite:///var/lib/cl/cl.db'],
  args: {
    cluster: { type: 'string', required: true, description: 'Cluster id.' },
    node: { type: 'string', required: true, description: 'Node id.' },
  },
  flags: DB_FLAGS,
  target: false,
  async run({ args, flags }) {
    const [cluster, node] = [parseId('CLUSTER', args.cluster), parseId('NODE', args.node)];
    const target = await resolveDbTarget({ dbUrl: flags['db-url'], config: flags.config, dbTable: flags['db-table'] });
    const row = await withDb(target.url, {}, (db) => new NodeTable(db, target.table, target.columns).remove(cluster, node));
    return { result: row, human: [renderNodeRemoved(row)] };
  },
});
