import { Args, Command, Flags } from '@oclif/core';
import { withDb } from '../../../engine/provisioning/driver.js';
import type { NodeRow } from '../../../engine/provisioning/rows.js';
import { NodeTable } from '../../../engine/provisioning/table.js';
import { resolveDbTarget } from '../../../cli/db-target.js';
import { renderNodeAdded } from '../../../render/db.js';
import { DB_FLAGS, failDb } from '../../../cli/db-command.js';

export default class DbNodeAdd extends Command {
  static override summary = 'Add a node (a row) to the clusterer table.';
  static override description = `Checks the row first: ids greater than 0, a bin:/bins: URL with an IPv4
address, no existing row for the same cluster and node. Running nodes pick
it up with 'cl mi clusterer_reload'.`;
  static override examples = [
    '<%= config.bin %> db node add 1 4 bin:127.0.0.4:5566 --db-url sqlite:///var/lib/cl/cl.db',
    '<%= config.bin %> db node add 1 1 bin:10.0.0.1:5566 --flags seed --description "Node A" -c node.yaml',
  ];
  static override args = {
    cluster: Args.string({ required: true, description: 'Cluster id (> 0).' }),
    node: Args.string({ required: true, description: 'Node id (> 0), unique in the cluster.' }),
    url: Args.string({ required: true, description: 'BIN URL of the node: [bin:|bins:]IP[:PORT].' }),
  };
  static override flags = {
    ...DB_FLAGS,
    state: Flags.string({ summary: '1 enabled (default), 0 disabled.' }),
    'no-ping-retries': Flags.string({ summary: 'Ping retries before the link is Down (default 3).' }),
    priority: Flags.string({ summary: 'Next-hop preference, lower wins (default 50).' }),
    'sip-addr': Flags.string({ summary: 'SIP address exposed to modules.' }),
    flags: Flags.string({ summary: 'seed marks a seed node.' }),
    description: Flags.string({ summary: 'Free text (64 characters at most).' }),
  };

  async run(): Promise<NodeRow> {
    const { args, flags } = await this.parse(DbNodeAdd);
    try {
      const target = await resolveDbTarget({ dbUrl: flags['db-url'], config: flags.config, dbTable: flags['db-table'] });
      const row = await withDb(target.url, {}, (db) =>
        new NodeTable(db, target.table, target.columns).add({
          clusterId: args.cluster,
          nodeId: args.node,
          url: args.url,
          state: flags.state,
          noPingRetries: flags['no-ping-retries'],
          priority: flags.priority,
          sipAddr: flags['sip-addr'],
          flags: flags.flags,
          description: flags.description,
        }),
      );
      this.log(flags.json ? JSON.stringify(row) : renderNodeAdded(row));
      return row;
    } catch (err) {
      return failDb(this, err, flags.json);
    }
  }
}
