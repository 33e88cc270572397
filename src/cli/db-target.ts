import { ClError } from '../engine/errors.js';
import { COLUMN_NAME_RE, DEFAULT_COLUMNS, type ColumnNames } from '../engine/config/columns.js';
import { DbUrlError, parseDbUrl, type DbUrl } from '../engine/config/db-url.js';
import { DEFAULTS } from '../engine/config/defaults.js';

/** Which table of which database a `cl db` command edits. */
export interface DbTarget {
  url: DbUrl;
  table: string;
  columns: ColumnNames;
}

export interface DbTargetInput {
  /** `--db-url`; wins over the configuration's db_url. */
  dbUrl?: string | undefined;
  /** `-c node.yaml`: db_url, db_table and the `*_col` names of a node configuration. */
  config?: string | undefined;
  /** `--db-table`; wins over the configuration's db_table. */
  dbTable?: string | undefined;
}

const usage = (msg: string): ClError => new ClError('CL_ERR_USAGE', msg);

/**
 * Resolves the database of a `cl db` command. A relative SQLite path is
 * relative to the configuration file when it comes from one, else to the
 * working directory. Throws CL_ERR_USAGE (or CL_ERR_CONFIG for a bad file).
 */
export async function resolveDbTarget(i: DbTargetInput): Promise<DbTarget> {
  let fromFile: { dbUrl: string | null; dbTable: string; columns: ColumnNames } | undefined;
  if (i.config !== undefined) {
    // The YAML reader is loaded only when a configuration file is named: `--db-url` alone starts sooner.
    const { loadConfigFile } = await import('../engine/config/load.js');
    fromFile = (await loadConfigFile(i.config)).config;
  }
  const raw = i.dbUrl ?? fromFile?.dbUrl ?? undefined;
  if (raw === undefined) {
    throw usage(fromFile ? `${i.config} has no db_url (db_mode 0); pass --db-url` : 'no database: pass --db-url URL or -c node.yaml');
  }
  let url: DbUrl;
  try {
    url = parseDbUrl(raw);
  } catch (err) {
    throw err instanceof DbUrlError ? usage(err.message) : err;
  }
  const table = i.dbTable ?? fromFile?.dbTable ?? DEFAULTS.dbTable;
  if (!COLUMN_NAME_RE.test(table)) throw usage(`bad --db-table ${JSON.stringify(table)}: must be a plain SQL identifier (letters, digits, '_')`);
  return { url, table, columns: fromFile?.columns ?? { ...DEFAULT_COLUMNS } };
}

/** An id argument (`cl db node remove 1 2`): an integer greater than 0, else a usage error. */
export function parseId(name: string, word: string): number {
  if (/^\d+$/.test(word) && Number(word) >= 1 && Number(word) <= 2 ** 31 - 1) return Number(word);
  throw usage(`bad ${name} ${JSON.stringify(word)}: expected an integer greater than 0`);
}
