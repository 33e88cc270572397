import { Args, Command } from '@oclif/core';
import { withDb } from '../../../engine/provisioning/driver.js';
import type { NodeRow } from '../../../engine/provisioning/rows.js';
import { NodeTable } from '../../../engine/provisioning/table.js';
import { parseId, resolveDbTarget } from '../../../cli/db-target.js';
import { renderNodeRemoved } from '../../../render/db.js';
import { DB_FLAGS, failDb } from '../../../cli/db-command.js';

export default class DbNodeRemove extends Command {
  static override summary = 'Remove a node (its row) from the clusterer table.';
  static override description = `Deletes the row of NODE in CLUSTER; no such row is an error (exit 1).
Running nodes drop it with 'cl mi clusterer_reload'.`;
  static override examples = ['<%= config.bin %> db node remove 1 4 --db-url sqlite:///var/lib/cl/cl.db'];
  static override args = {
    cluster: Args.string({ required: true, description: 'Cluster id.' }),
    node: Args.string({ required: true, description: 'Node id.' }),
  };
  static override flags = DB_FLAGS;

  async run(): Promise<NodeRow> {
    const { args, flags } = await this.parse(DbNodeRemove);
    try {
      const [cluster, node] = [parseId('CLUSTER', args.cluster), parseId('NODE', args.node)];
      const target = await resolveDbTarget({ dbUrl: flags['db-url'], config: flags.config, dbTable: flags['db-table'] });
      const row = await withDb(target.url, {}, (db) => new NodeTable(db, target.table, target.columns).remove(cluster, node));
      this.log(flags.json ? JSON.stringify(row) : renderNodeRemoved(row));
      return row;
    } catch (err) {
      return failDb(this, err, flags.json);
    }
  }
}
