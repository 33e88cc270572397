import type { ColumnNames } from '../config/columns.js';
import { describeError, type Db } from './driver.js';
import { DbError } from './errors.js';
import { CLUSTERER_TABLE_VERSION, createClustererSql, createVersionSql, quoteIdent, VERSION_TABLE } from './sql.js';

export interface InitResult {
  /** The clusterer table did not exist before. */
  created: boolean;
  version: number;
}

async function tableExists(db: Db, table: string): Promise<boolean> {
  try {
    await db.all(`SELECT 1 FROM ${quoteIdent(db.dialect, table)} WHERE 1 = 0`);
    return true;
  } catch {
    return false;
  }
}

/** The `version` row of `table`, or undefined when there is none. Throws when the version table is missing. */
export async function tableVersion(db: Db, table: string): Promise<number | undefined> {
  const q = (n: string) => quoteIdent(db.dialect, n);
  const rows = await db.all(`SELECT ${q('table_version')} AS v FROM ${q(VERSION_TABLE)} WHERE ${q('table_name')} = ?`, [table]);
  return rows.length === 0 ? undefined : Number(rows[0]!.v);
}

/** Pause before the one retry of a colliding CREATE TABLE. */
const CREATE_RETRY_MS = 200;

/**
 * Runs a CREATE TABLE IF NOT EXISTS. Two processes creating the same table at
 * once can still collide (PostgreSQL reports a duplicate type): if the table
 * exists afterwards, that is success; if the other one has not committed yet,
 * one retry a moment later sees it.
 */
async function createTable(db: Db, table: string, sql: string): Promise<void> {
  try {
    await db.run(sql);
  } catch (err) {
    if (await tableExists(db, table)) return;
    await new Promise((r) => setTimeout(r, CREATE_RETRY_MS));
    try {
      await db.run(sql);
    } catch {
      if (!(await tableExists(db, table))) throw err;
    }
  }
}

/**
 * `cl db init`: creates the clusterer table and the `version` table with the
 * row (table, 4) when they are missing. Idempotent; a different version
 * already recorded is an error (as it is for OpenSIPS).
 */
export async function initSchema(db: Db, table: string, columns: ColumnNames): Promise<InitResult> {
  const q = (n: string) => quoteIdent(db.dialect, n);
  try {
    const existed = await tableExists(db, table);
    await createTable(db, table, createClustererSql(db.dialect, table, columns));
    await createTable(db, VERSION_TABLE, createVersionSql(db.dialect));
    let version = await tableVersion(db, table);
    if (version === undefined) {
      try {
        await db.run(`INSERT INTO ${q(VERSION_TABLE)} (${q('table_name')}, ${q('table_version')}) VALUES (?, ?)`, [table, CLUSTERER_TABLE_VERSION]);
      } catch (err) {
        // Someone else inserted it meanwhile: the check below decides.
        if ((await tableVersion(db, table)) === undefined) throw err;
      }
      version = await tableVersion(db, table);
    }
    if (version !== CLUSTERER_TABLE_VERSION) {
      throw new DbError(`table ${table} in ${db.display} has version ${version}, expected ${CLUSTERER_TABLE_VERSION}`);
    }
    return { created: !existed, version };
  } catch (err) {
    if (err instanceof DbError) throw err;
    throw new DbError(`cannot create table ${table} in ${db.display}: ${describeError(err)}`, { cause: err });
  }
}

/** Start-up and reload check: the version row must say 4 (reference §9.1: a mismatch is fatal). */
export async function checkVersion(db: Db, table: string): Promise<void> {
  let version: number | undefined;
  try {
    version = await tableVersion(db, table);
  } catch (err) {
    throw new DbError(`cannot read the ${VERSION_TABLE} table of ${db.display}: ${describeError(err)} (create it with: cl db init)`, { cause: err });
  }
  if (version === undefined) {
    throw new DbError(`no row for table ${table} in the ${VERSION_TABLE} table of ${db.display} (create it with: cl db init)`);
  }
  if (version !== CLUSTERER_TABLE_VERSION) {
    throw new DbError(`table ${table} in ${db.display} has version ${version}, expected ${CLUSTERER_TABLE_VERSION}`);
  }
}
