/**
 * The database backends the provisioning tests run against: a SQLite file,
 * and the PostgreSQL and MariaDB servers of the machine (override with
 * CL_TEST_PG_URL / CL_TEST_MYSQL_URL). A missing server skips that backend
 * with a visible message, except in CI, where it fails.
 */
import { randomBytes } from 'node:crypto';
import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { DEFAULT_COLUMNS } from '../../../src/engine/config/index.js';
import { describeError, withDb, type Db } from '../../../src/engine/provisioning/driver.js';
import { quoteIdent, VERSION_TABLE } from '../../../src/engine/provisioning/sql.js';
import { freePort } from '../../helpers/ports.js';

export interface Backend {
  name: 'sqlite' | 'postgres' | 'mysql';
  label: string;
  /** A working URL; SQLite files live in the test's temp dir. */
  url(dir: string): string;
  /** The same database through another host:port (a proxy), for server databases. */
  via(url: string, port: number): string;
  /** A URL that cannot work (a closed port), with a password that must never be printed. */
  downUrl(dir: string): Promise<string>;
}

const PG = process.env.CL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MY = process.env.CL_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
export const SECRET = 'sup3rs3cret';

const swapHost = (url: string, port: number): string => url.replace(/@[^/]+\//, `@127.0.0.1:${port}/`);

export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    label: 'SQLite',
    url: (dir) => `sqlite://${join(dir, 'cl.db')}`,
    via: (url) => url,
    downUrl: async (dir) => `sqlite://${join(dir, 'no-such-dir', 'cl.db')}`,
  },
  { name: 'postgres', label: 'PostgreSQL', url: () => PG, via: swapHost, downUrl: async () => `postgres://postgres:${SECRET}@127.0.0.1:${await freePort()}/test` },
  { name: 'mysql', label: 'MariaDB/MySQL', url: () => MY, via: swapHost, downUrl: async () => `mysql://root:${SECRET}@127.0.0.1:${await freePort()}/test` },
];

/**
 * Returns the URL to use, or undefined after skipping the test when the
 * server is not reachable (outside CI: a visible skip; in CI: a failure).
 */
export async function backendUrl(t: TestContext, b: Backend, dir: string): Promise<string | undefined> {
  const url = b.url(dir);
  if (b.name === 'sqlite') return url;
  try {
    await withDb(url, { connectTimeoutMs: 3000 }, (db) => db.all('SELECT 1 AS one'));
    return url;
  } catch (err) {
    const why = `${b.label} not reachable at ${url}: ${describeError(err instanceof Error && err.cause !== undefined ? err.cause : err)}`;
    if (process.env.CI === 'true') throw new Error(`${why} (CI needs every database server)`);
    t.skip(why);
    return undefined;
  }
}

/** A table name no other run uses. */
export function uniqueTable(): string {
  return `clusterer_t${randomBytes(5).toString('hex')}`;
}

/** Drops a test table and its version row. */
export async function dropTable(url: string, table: string): Promise<void> {
  await withDb(url, {}, async (db) => {
    const q = (n: string) => quoteIdent(db.dialect, n);
    await db.run(`DROP TABLE IF EXISTS ${q(table)}`);
    await db.run(`DELETE FROM ${q(VERSION_TABLE)} WHERE ${q('table_name')} = ?`, [table]).catch(() => {});
  });
}

/**
 * A clusterer table without the unique key (as a hand-made one might be), so
 * that duplicate rows can exist; rows get explicit ids.
 */
export async function createLooseTable(db: Db, table: string): Promise<void> {
  const q = (n: string) => quoteIdent(db.dialect, n);
  const c = DEFAULT_COLUMNS;
  const ints = [c.clusterId, c.nodeId, c.state, c.noPingRetries, c.priority].map((n) => `${q(n)} INTEGER NOT NULL`);
  const strs = [c.sipAddr, c.flags, c.description].map((n) => `${q(n)} VARCHAR(64)`);
  await db.run(`CREATE TABLE ${q(table)} (${q(c.id)} INTEGER PRIMARY KEY, ${ints.join(', ')}, ${q(c.url)} VARCHAR(64) NOT NULL, ${strs.join(', ')})`);
  await db.run(`INSERT INTO ${q(VERSION_TABLE)} (${q('table_name')}, ${q('table_version')}) VALUES (?, 4)`, [table]);
}

/** Inserts a row with an explicit id into a loose table. */
export async function insertRaw(db: Db, table: string, r: { id: number; cluster: number; node: number; url: string; state?: number }): Promise<void> {
  const q = (n: string) => quoteIdent(db.dialect, n);
  const c = DEFAULT_COLUMNS;
  const cols = [c.id, c.clusterId, c.nodeId, c.url, c.state, c.noPingRetries, c.priority].map(q).join(', ');
  await db.run(`INSERT INTO ${q(table)} (${cols}) VALUES (?, ?, ?, ?, ?, 3, 50)`, [r.id, r.cluster, r.node, r.url, r.state ?? 1]);
}

export { withDb };

export interface Proxy {
  port: number;
  close(): Promise<void>;
}

/** A TCP relay to `url`'s server: closing it makes the database unreachable for whoever connects through it. */
export async function startProxy(url: string): Promise<Proxy> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const srv = createServer((client) => {
    track(client);
    const upstream = connect({ host: target.hostname, port: Number(target.port) });
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => srv.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const addr = srv.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        srv.close(() => resolve());
      }),
  };
}
