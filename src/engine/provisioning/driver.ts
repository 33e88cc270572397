import { parseDbUrl, scrubSecret, type DbDialect, type DbUrl } from '../config/db-url.js';
import { DbError } from './errors.js';

export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

export interface RunResult {
  /** Rows changed by INSERT/UPDATE/DELETE. */
  changes: number;
  /** Row id of an INSERT (SQLite, MySQL); null where the driver does not tell (PostgreSQL: use RETURNING). */
  lastId: number | null;
  /** Rows a statement returned (PostgreSQL `RETURNING`). */
  rows: Row[];
}

/**
 * One connection to one database, whatever the engine. SQL uses `?`
 * placeholders everywhere (rewritten to `$n` for PostgreSQL).
 */
export interface Db {
  readonly dialect: DbDialect;
  /** The URL with its password hidden, for messages. */
  readonly display: string;
  all(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** SQLite: create the file when missing (`cl db init`); otherwise a missing file is an error. */
  create?: boolean;
  /** Bound on connecting to a server. */
  connectTimeoutMs?: number;
  /** Bound on each statement (and on waiting for a locked SQLite file). */
  queryTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

/** The text of a driver error: some (AggregateError of several addresses) have an empty message. */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.message === '') return err.errors.map(describeError).join('; ');
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return err.message !== '' ? err.message : (code ?? err.name);
  }
  return String(err);
}

/**
 * Opens a connection. The driver module (better-sqlite3, pg, mysql2) is
 * imported only now, so commands that never touch a database do not pay for
 * it. Throws DbError (CL_ERR_DB) naming the URL without its password.
 */
export async function openDb(target: string | DbUrl, opts: OpenOptions = {}): Promise<Db> {
  let u: DbUrl;
  try {
    u = typeof target === 'string' ? parseDbUrl(target) : target;
  } catch (err) {
    throw new DbError(describeError(err), { cause: err });
  }
  try {
    switch (u.dialect) {
      case 'sqlite':
        return await (await import('./drivers/sqlite.js')).openSqlite(u, opts);
      case 'postgres':
        return await (await import('./drivers/postgres.js')).openPostgres(u, opts);
      case 'mysql':
        return await (await import('./drivers/mysql.js')).openMysql(u, opts);
    }
  } catch (err) {
    throw new DbError(`cannot connect to database ${u.display}: ${scrubSecret(describeError(err), u)}`, { cause: err });
  }
}

/** Runs `fn` on a fresh connection and always closes it. */
export async function withDb<T>(target: string | DbUrl, opts: OpenOptions, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(target, opts);
  try {
    return await fn(db);
  } finally {
    await db.close().catch(() => {});
  }
}
