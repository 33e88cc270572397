import { DB_FLAGS } from '../../../cli/common-flags.js';
import { defineCommand } from '../../../cli/definition.js';
import { withDb } from '../../../engine/provisioning/driver.js';
import { NodeTable } from '../../../engine/provisioning/table.js';
import { resolveDbTarget } from '../../../cli/db-target.js';
import { renderNodeAdded } from '../../../render/db.js';

export default defineCommand({
  id: 'db:node:add',
  summary: 'Add a node (a row) to the clusterer table.',
  description: `Checks the row first: ids greater than 0, a bin:/bins: URL with an IPv4
address, no existing row for the same cluster and node. Running nodes pick
it up with 'cl mi clusterer_reload'.`,
  examples: [
    '<%= config.bin %> db node add 1 4 bin:127.0.0.4:5566 --db-url sqlite:///var/lib/cl/cl.db',
    '<%= config.bin %> db node add 1 1 bin:10.0.0.1:5566 --flags seed --description "Node A" -c node.yaml',
  ],
  args: {
    cluster: { type: 'string', required: true, description: 'Cluster id (> 0).' },
    node: { type: 'string', required: true, description: 'Node id (> 0), unique in the cluster.' },
    url: { type: 'string', required: true, description: 'BIN URL of the node: [bin:|bins:]IP[:PORT].' },
  },
  flags: {
    ...DB_FLAGS,
    state: { type: 'string', summary: '1 enabled (default), 0 disabled.' },
    'no-ping-retries': { type: 'string', summary: 'Ping retries before the link is Down (default 3).' },
    priority: { type: 'string', summary: 'Next-hop preference, lower wins (default 50).' },
    'sip-addr': { type: 'string', summary: 'SIP address exposed to modules.' },
    flags: { type: 'string', summary: 'seed marks a seed node.' },
    description: { type: 'string', summary: 'Free text (64 characters at most).' },
  },
  target: false,
  async run({ args, flags }) {
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
    return { result: row, human: [renderNodeAdded(row)] };
  },
});
