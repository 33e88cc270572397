import { DB_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { withDb } from '../../engine/provisioning/driver.js';
import { initSchema } from '../../engine/provisioning/schema.js';
import { resolveDbTarget } from '../../cli/db-target.js';
import { renderDbInit, type DbInitResult } from '../../render/db.js';

export default defineCommand({
  id: 'db:init',
  summary: 'Create the clusterer table and its version row (idempotent).',
  description: `Creates the OpenSIPS clusterer table (version 4: id, cluster_id, node_id, url,
state, no_ping_retries, priority, sip_addr, flags, description; unique
cluster_id+node_id) and the version table row, unless they exist. A SQLite
file is created when missing. Talks to the database, not to a node.`,
  examples: [
    '<%= config.bin %> db init --db-url sqlite:///var/lib/cl/cl.db',
    '<%= config.bin %> db init --db-url postgres://opensips:secret@127.0.0.1/opensips',
    '<%= config.bin %> db init -c node.yaml',
  ],
  args: {},
  flags: DB_FLAGS,
  target: false,
  async run({ flags }) {
    const target = await resolveDbTarget({ dbUrl: flags['db-url'], config: flags.config, dbTable: flags['db-table'] });
    const r = await withDb(target.url, { create: true }, (db) => initSchema(db, target.table, target.columns));
    const result: DbInitResult = { db_url: target.url.display, table: target.table, ...r };
    return { result, human: [renderDbInit(result)] };
  },
});
