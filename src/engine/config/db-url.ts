import { isAbsolute, resolve } from 'node:path';
import { ClError } from '../errors.js';

/** The database engines `db_url` can name. MariaDB is reached with `mysql://`. */
export type DbDialect = 'sqlite' | 'postgres' | 'mysql';

const SCHEMES: Readonly<Record<string, DbDialect>> = { sqlite: 'sqlite', postgres: 'postgres', postgresql: 'postgres', mysql: 'mysql' };
export const DB_SCHEMES = Object.keys(SCHEMES);

/** A parsed `db_url`. `display` is safe to print: the password is replaced by `***`. */
export interface DbUrl {
  dialect: DbDialect;
  /** The URL as given (relative SQLite paths resolved). */
  url: string;
  display: string;
  /** SQLite: absolute path of the file (or `:memory:`). */
  path?: string;
  /** Server databases: the password, so that error texts can be scrubbed of it. */
  password?: string;
}

export class DbUrlError extends ClError {
  constructor(input: string, reason: string) {
    super('CL_ERR_DB_URL', `bad db_url ${JSON.stringify(redactDbUrl(input))}: ${reason}`);
  }
}

/** The scheme of `url` in lower case, or undefined when it has none. */
export function dbScheme(url: string): string | undefined {
  return /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1]?.toLowerCase();
}

/** Replaces the password of `scheme://user:password@host…` by `***`. */
export function redactDbUrl(url: string): string {
  return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}

/**
 * Makes the path of a relative SQLite URL absolute against `baseDir`
 * (`sqlite://./cl.db` → `sqlite:///base/cl.db`); any other URL is returned as is.
 */
export function absolutizeSqliteUrl(url: string, baseDir: string): string {
  if (dbScheme(url) !== 'sqlite') return url;
  const rest = url.slice('sqlite://'.length);
  if (rest === ':memory:' || isAbsolute(rest)) return url;
  return `sqlite://${resolve(baseDir, rest)}`;
}

/**
 * Parses a `db_url`: `sqlite:///abs/file.db`, `sqlite://./rel.db` (relative to
 * `baseDir`, default the working directory), `postgres[ql]://user[:pass]@host[:port]/db`,
 * `mysql://user[:pass]@host[:port]/db`. Throws DbUrlError (CL_ERR_DB_URL).
 */
export function parseDbUrl(input: string, baseDir: string = process.cwd()): DbUrl {
  const s = input.trim();
  const scheme = dbScheme(s);
  if (scheme === undefined) throw new DbUrlError(s, 'expected scheme://…, e.g. sqlite:///var/lib/cl/cl.db');
  const dialect = SCHEMES[scheme];
  if (dialect === undefined) throw new DbUrlError(s, `unsupported scheme '${scheme}' (expected ${DB_SCHEMES.join(', ')})`);
  if (dialect === 'sqlite') {
    const rest = s.slice('sqlite://'.length);
    if (rest === '') throw new DbUrlError(s, 'missing file path (sqlite:///path/to/file.db)');
    if (rest.includes('?')) throw new DbUrlError(s, 'query parameters are not supported for sqlite');
    const abs = absolutizeSqliteUrl(s, baseDir);
    const path = abs.slice('sqlite://'.length);
    return { dialect, url: abs, display: abs, path };
  }
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new DbUrlError(s, 'malformed URL (expected scheme://user[:password]@host[:port]/database)');
  }
  if (u.hostname === '') throw new DbUrlError(s, 'missing host');
  if (u.pathname.replace(/^\//, '') === '') throw new DbUrlError(s, 'missing database name (…/database)');
  const password = u.password === '' ? undefined : decodeURIComponent(u.password);
  return { dialect, url: s, display: redactDbUrl(s), ...(password !== undefined ? { password } : {}) };
}

/** Removes a password from a driver's error text (drivers sometimes echo the connection string). */
export function scrubSecret(text: string, db: Pick<DbUrl, 'password'>): string {
  const p = db.password;
  return p !== undefined && p.length >= 3 ? text.split(p).join('***') : text;
}
