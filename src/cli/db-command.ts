import { Flags, type Command } from '@oclif/core';
import { renderDbFailure } from '../render/db.js';
import { exitCodeFor } from './exit-codes.js';

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
