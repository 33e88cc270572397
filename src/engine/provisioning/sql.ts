/**
 * The `clusterer` and `version` tables of OpenSIPS (reference §9.1,
 * scripts/{mysql,postgres,sqlite}/clusterer-create.sql), per engine, with the
 * configured table and column names. Names are validated identifiers
 * (config COLUMN_NAME_RE), so quoting only guards against reserved words.
 */
import type { DbDialect } from '../config/db-url.js';
import type { ColumnNames } from '../config/columns.js';

/** OpenSIPS refuses to start on another version of the table. */
export const CLUSTERER_TABLE_VERSION = 4;
export const VERSION_TABLE = 'version';

export function quoteIdent(d: DbDialect, name: string): string {
  return d === 'mysql' ? `\`${name}\`` : `"${name}"`;
}

const TYPES: Record<DbDialect, { id: string; int: string; str: string; state: string; tail: string }> = {
  sqlite: { id: 'INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL', int: 'INTEGER', str: 'CHAR(64)', state: 'INTEGER', tail: '' },
  postgres: { id: 'SERIAL PRIMARY KEY NOT NULL', int: 'INTEGER', str: 'VARCHAR(64)', state: 'INTEGER', tail: '' },
  mysql: { id: 'INT(10) UNSIGNED PRIMARY KEY AUTO_INCREMENT NOT NULL', int: 'INT(10)', str: 'CHAR(64)', state: 'INT(1)', tail: ' ENGINE=InnoDB' },
};

/** OpenSIPS names the key `clusterer_idx` (MySQL, per table) or `clusterer_clusterer_idx` (schema-wide names). */
function uniqueName(d: DbDialect, table: string): string {
  return d === 'mysql' ? 'clusterer_idx' : `${table}_clusterer_idx`;
}

export function createClustererSql(d: DbDialect, table: string, c: ColumnNames): string {
  const q = (n: string) => quoteIdent(d, n);
  const t = TYPES[d];
  return [
    `CREATE TABLE IF NOT EXISTS ${q(table)} (`,
    `${q(c.id)} ${t.id},`,
    `${q(c.clusterId)} ${t.int} NOT NULL,`,
    `${q(c.nodeId)} ${t.int} NOT NULL,`,
    `${q(c.url)} ${t.str} NOT NULL,`,
    `${q(c.state)} ${t.state} DEFAULT 1 NOT NULL,`,
    `${q(c.noPingRetries)} ${t.int} DEFAULT 3 NOT NULL,`,
    `${q(c.priority)} ${t.int} DEFAULT 50 NOT NULL,`,
    `${q(c.sipAddr)} ${t.str} DEFAULT NULL,`,
    `${q(c.flags)} ${t.str} DEFAULT NULL,`,
    `${q(c.description)} ${t.str} DEFAULT NULL,`,
    `CONSTRAINT ${q(uniqueName(d, table))} UNIQUE (${q(c.clusterId)}, ${q(c.nodeId)})`,
    `)${t.tail}`,
  ].join('\n');
}

export function createVersionSql(d: DbDialect): string {
  const q = (n: string) => quoteIdent(d, n);
  const str = d === 'postgres' ? 'VARCHAR(32)' : 'CHAR(32)';
  const int = d === 'mysql' ? 'INT UNSIGNED' : 'INTEGER';
  const idx = d === 'mysql' ? 't_name_idx' : 'version_t_name_idx';
  return `CREATE TABLE IF NOT EXISTS ${q(VERSION_TABLE)} (${q('table_name')} ${str} NOT NULL, ${q('table_version')} ${int} DEFAULT 0 NOT NULL, CONSTRAINT ${q(idx)} UNIQUE (${q('table_name')}))${TYPES[d].tail}`;
}

/** Every column in table order, as `SELECT` lists them. */
export function columnList(d: DbDialect, c: ColumnNames): string {
  return [c.id, c.clusterId, c.nodeId, c.url, c.state, c.noPingRetries, c.priority, c.sipAddr, c.flags, c.description]
    .map((n) => quoteIdent(d, n))
    .join(', ');
}
