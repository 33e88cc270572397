import type { DbUrl } from '../../config/db-url.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_QUERY_TIMEOUT_MS, type Db, type OpenOptions, type Row, type SqlValue } from '../driver.js';

/** `?` → `$1, $2, …` (identifiers are validated and literals never contain `?`). */
export function toPgPlaceholders(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

export async function openPostgres(u: DbUrl, opts: OpenOptions): Promise<Db> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    connectionString: u.url,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    query_timeout: opts.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
  });
  // A server that goes away between queries must not crash the process: the next query fails instead.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  const query = async (sql: string, params: readonly SqlValue[]) => client.query<Row>(toPgPlaceholders(sql), [...params]);
  return {
    dialect: 'postgres',
    display: u.display,
    all: async (sql, params = []) => (await query(sql, params)).rows,
    run: async (sql, params = []) => {
      const r = await query(sql, params);
      return { changes: r.rowCount ?? 0, lastId: null, rows: r.rows };
    },
    close: () => client.end(),
  };
}
