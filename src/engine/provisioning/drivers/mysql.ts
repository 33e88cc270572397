import type { DbUrl } from '../../config/db-url.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_QUERY_TIMEOUT_MS, type Db, type OpenOptions, type Row, type SqlValue } from '../driver.js';

/** MySQL and MariaDB (`mysql://`), through mysql2. */
export async function openMysql(u: DbUrl, opts: OpenOptions): Promise<Db> {
  const { default: mysql } = await import('mysql2/promise');
  const conn = await mysql.createConnection({ uri: u.url, connectTimeout: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS });
  // A server that goes away between queries must not crash the process: the next query fails instead.
  conn.on('error', () => {});
  const timeout = opts.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const query = async (sql: string, params: readonly SqlValue[]) => (await conn.query({ sql, values: [...params], timeout }))[0];
  return {
    dialect: 'mysql',
    display: u.display,
    all: async (sql, params = []) => {
      const r = await query(sql, params);
      return Array.isArray(r) ? (r as Row[]) : [];
    },
    run: async (sql, params = []) => {
      const r = await query(sql, params);
      if (Array.isArray(r)) return { changes: 0, lastId: null, rows: r as Row[] };
      return { changes: r.affectedRows, lastId: r.insertId > 0 ? r.insertId : null, rows: [] };
    },
    close: () => conn.end(),
  };
}
