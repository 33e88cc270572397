import { Command, Flags } from '@oclif/core';
import { exitCodeFor } from '../../cli/exit-codes.js';
import { withDb } from '../../engine/provisioning/driver.js';
import { initSchema } from '../../engine/provisioning/schema.js';
import { resolveDbTarget } from '../../engine/provisioning/target.js';
import { renderDbFailure, renderDbInit, type DbInitResult } from '../../render/db.js';

/** The flags every `cl db` command shares: which database and table. */
export const DB_FLAGS = {
  'db-url': Flags.string({ summary: 'Database URL: sqlite:///path/file.db, postgres://…, mysql://….', env: 'CL_DB_URL', helpGroup: 'DATABASE' }),
  config: Flags.string({ char: 'c', summary: 'Node configuration to take db_url, db_table and *_col from.', helpGroup: 'DATABASE' }),
  'db-table': Flags.string({ summary: 'Table name (default: db_table of the configuration, else clusterer).', helpGroup: 'DATABASE' }),
  json: Flags.boolean({ summary: 'Print machine-readable JSON.', helpGroup: 'GLOBAL' }),
};

/** Prints a failure the `cl db` way and exits with the code of its error. */
export function failDb(cmd: Command, err: unknown, json: boolean): never {
  const out = renderDbFailure(err, json);
  if (out.stream === 'stdout') cmd.log(out.text);
  else cmd.logToStderr(out.text);
  return cmd.exit(exitCodeFor(err));
}

export default class DbInit extends Command {
  static override summary = 'Create the clusterer table and its version row (idempotent).';
  static override description = `Creates the OpenSIPS clusterer table (version 4: id, cluster_id, node_id, url,
state, no_ping_retries, priority, sip_addr, flags, description; unique
cluster_id+node_id) and the version table row, unless they exist. A SQLite
file is created when missing. Talks to the database, not to a node.`;
  static override examples = [
    '<%= config.bin %> db init --db-url sqlite:///var/lib/cl/cl.db',
    '<%= config.bin %> db init --db-url postgres://opensips:secret@127.0.0.1/opensips',
    '<%= config.bin %> db init -c node.yaml',
  ];
  static override flags = DB_FLAGS;

  async run(): Promise<DbInitResult> {
    const { flags } = await this.parse(DbInit);
    try {
      const target = await resolveDbTarget({ dbUrl: flags['db-url'], config: flags.config, dbTable: flags['db-table'] });
      const r = await withDb(target.url, { create: true }, (db) => initSchema(db, target.table, target.columns));
      const result: DbInitResult = { db_url: target.url.display, table: target.table, ...r };
      this.log(flags.json ? JSON.stringify(result) : renderDbInit(result));
      return result;
    } catch (err) {
      return failDb(this, err, flags.json);
    }
  }
}
