import { Command, Flags } from '@oclif/core';
import { withDb } from '../../../engine/provisioning/driver.js';
import type { NodeRow } from '../../../engine/provisioning/rows.js';
import { NodeTable } from '../../../engine/provisioning/table.js';
import { parseId, resolveDbTarget } from '../../../cli/db-target.js';
import { renderNodeRows } from '../../../render/db.js';
import { DB_FLAGS, failDb } from '../../../cli/db-command.js';

export default class DbNodeList extends Command {
  static override summary = 'List the rows of the clusterer table.';
  static override description = `One line per node, by cluster and node id. --json prints an array of rows
with the default column names, whatever *_col says.`;
  static override examples = [
    '<%= config.bin %> db node list --db-url sqlite:///var/lib/cl/cl.db',
    '<%= config.bin %> db node list -c node.yaml --cluster 1 --json',
  ];
  static override flags = {
    ...DB_FLAGS,
    cluster: Flags.string({ summary: 'Only this cluster.' }),
  };

  async run(): Promise<NodeRow[]> {
    const { flags } = await this.parse(DbNodeList);
    try {
      const cluster = flags.cluster === undefined ? undefined : parseId('--cluster', flags.cluster);
      const target = await resolveDbTarget({ dbUrl: flags['db-url'], config: flags.config, dbTable: flags['db-table'] });
      const rows = await withDb(target.url, {}, (db) => new NodeTable(db, target.table, target.columns).list(cluster));
      this.log(flags.json ? JSON.stringify(rows) : renderNodeRows(rows, target.table));
      return rows;
    } catch (err) {
      return failDb(this, err, flags.json);
    }
  }
}
