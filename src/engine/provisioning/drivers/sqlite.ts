import { existsSync } from 'node:fs';
import type { DbUrl } from '../../config/db-url.js';
import { DEFAULT_QUERY_TIMEOUT_MS, type Db, type OpenOptions, type Row, type SqlValue } from '../driver.js';

/** better-sqlite3 is synchronous; each call still returns a promise to fit the common interface. */
export async function openSqlite(u: DbUrl, opts: OpenOptions): Promise<Db> {
  const path = u.path ?? ':memory:';
  if (path !== ':memory:' && !opts.create && !existsSync(path)) {
    throw new Error(`file ${path} does not exist (create it with: cl db init --db-url ${u.display})`);
  }
  const { default: Database } = await import('better-sqlite3');
  // timeout: how long to wait for another process's write lock (nodes and `cl db` share the file).
  const db = new Database(path, { timeout: opts.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS });
  const args = (params: readonly SqlValue[]): SqlValue[] => [...params];
  return {
    dialect: 'sqlite',
    display: u.display,
    all: async (sql, params = []) => db.prepare(sql).all(...args(params)) as Row[],
    run: async (sql, params = []) => {
      const st = db.prepare(sql);
      if (st.reader) return { changes: 0, lastId: null, rows: st.all(...args(params)) as Row[] };
      const r = st.run(...args(params));
      return { changes: r.changes, lastId: Number(r.lastInsertRowid), rows: [] };
    },
    close: async () => {
      db.close();
    },
  };
}
