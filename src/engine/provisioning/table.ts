/**
 * Editing the clusterer table (`cl db node …`, persistent state): the
 * operator's rows are checked before they reach the database.
 */
import type { ColumnNames } from '../config/columns.js';
import { BadUrlError, parseBinUrl } from '../config/url.js';
import { INT_MAX } from '../config/values.js';
import { describeError, type Db, type Row } from './driver.js';
import { DbError, DuplicateNodeError, NodeNotFoundError, RowValueError } from './errors.js';
import { checkRow, type NodeRow } from './rows.js';
import { columnList, quoteIdent } from './sql.js';

/** Size of the CHAR(64) columns. */
export const MAX_TEXT = 64;

/** A node to add, as typed by the operator (strings from the command line or numbers). */
export interface NewNode {
  clusterId: string | number;
  nodeId: string | number;
  url: string;
  state?: string | number;
  noPingRetries?: string | number;
  priority?: string | number;
  sipAddr?: string;
  flags?: string;
  description?: string;
}

export type NewRow = Omit<NodeRow, 'id'>;

function int(name: string, v: string | number, min: number, max: number, problems: string[]): number {
  const n = typeof v === 'number' ? v : /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) problems.push(`bad ${name} ${JSON.stringify(v)}: expected an unsigned integer`);
  else if (n < min || n > max) problems.push(`bad ${name} ${n}: ${min === 1 ? 'must be greater than 0' : `must be between ${min} and ${max}`}`);
  return n;
}

function text(name: string, v: string | undefined, problems: string[]): string | null {
  if (v === undefined || v.trim() === '') return null;
  if (v.length > MAX_TEXT) problems.push(`${name} is longer than ${MAX_TEXT} characters`);
  return v.trim();
}

/** Checks a new row; throws RowValueError (CL_ERR_INVALID_ARGUMENT) listing every problem. The URL is stored normalized. */
export function validateNewNode(n: NewNode): NewRow {
  const problems: string[] = [];
  const row: NewRow = {
    cluster_id: int('cluster_id', n.clusterId, 1, INT_MAX, problems),
    node_id: int('node_id', n.nodeId, 1, INT_MAX, problems),
    url: n.url,
    state: n.state === undefined ? 1 : int('state', n.state, 0, 1, problems),
    no_ping_retries: n.noPingRetries === undefined ? 3 : int('no_ping_retries', n.noPingRetries, 0, INT_MAX, problems),
    priority: n.priority === undefined ? 50 : int('priority', n.priority, 0, INT_MAX, problems),
    sip_addr: text('sip_addr', n.sipAddr, problems),
    flags: text('flags', n.flags, problems),
    description: text('description', n.description, problems),
  };
  try {
    row.url = parseBinUrl(n.url).url;
  } catch (err) {
    problems.push(err instanceof BadUrlError ? err.message : String(err));
  }
  if (problems.length > 0) throw new RowValueError(problems);
  return row;
}

/** The clusterer table of one database, with the configured table and column names. */
export class NodeTable {
  constructor(private readonly db: Db, readonly table: string, readonly cols: ColumnNames) {}

  private q(n: string): string {
    return quoteIdent(this.db.dialect, n);
  }

  private fail(what: string, err: unknown): DbError {
    if (err instanceof DbError) return err;
    return new DbError(`cannot ${what} table ${this.table} in ${this.db.display}: ${describeError(err)}`, { cause: err });
  }

  /** Every row (of one cluster), by cluster then node id. Rows that fail the load checks are listed as stored. */
  async list(clusterId?: number): Promise<NodeRow[]> {
    const c = this.cols;
    const where = clusterId === undefined ? '' : ` WHERE ${this.q(c.clusterId)} = ?`;
    let rows: Row[];
    try {
      rows = await this.db.all(`SELECT ${columnList(this.db.dialect, c)} FROM ${this.q(this.table)}${where} ORDER BY ${this.q(c.clusterId)}, ${this.q(c.nodeId)}`, clusterId === undefined ? [] : [clusterId]);
    } catch (err) {
      throw this.fail('read', err);
    }
    return rows.map((r) => {
      const checked = checkRow(r, c);
      if (checked.ok) return checked.row;
      const pick = (k: keyof ColumnNames): unknown => r[c[k]];
      const num = (k: keyof ColumnNames): number => Number(pick(k));
      const str = (k: keyof ColumnNames): string | null => (pick(k) === null || pick(k) === undefined ? null : String(pick(k)));
      return { id: num('id'), cluster_id: num('clusterId'), node_id: num('nodeId'), url: str('url') ?? '', state: num('state'), no_ping_retries: num('noPingRetries'), priority: num('priority'), sip_addr: str('sipAddr'), flags: str('flags'), description: str('description') };
    });
  }

  async find(clusterId: number, nodeId: number): Promise<NodeRow | undefined> {
    return (await this.list(clusterId)).find((r) => r.node_id === nodeId);
  }

  /** Inserts a checked row; refuses a (cluster_id, node_id) that exists. Returns the stored row. */
  async add(input: NewNode): Promise<NodeRow> {
    const row = validateNewNode(input);
    const have = await this.find(row.cluster_id, row.node_id);
    if (have) throw new DuplicateNodeError(row.cluster_id, row.node_id, have.id);
    const c = this.cols;
    const names = [c.clusterId, c.nodeId, c.url, c.state, c.noPingRetries, c.priority, c.sipAddr, c.flags, c.description].map((n) => this.q(n));
    const values = [row.cluster_id, row.node_id, row.url, row.state, row.no_ping_retries, row.priority, row.sip_addr, row.flags, row.description];
    const returning = this.db.dialect === 'postgres' ? ` RETURNING ${this.q(c.id)} AS id` : '';
    let id: number | null;
    try {
      const r = await this.db.run(`INSERT INTO ${this.q(this.table)} (${names.join(', ')}) VALUES (${values.map(() => '?').join(', ')})${returning}`, values);
      id = r.lastId ?? (r.rows[0] ? Number(r.rows[0].id) : null);
    } catch (err) {
      // A concurrent add of the same node loses on the unique key.
      const again = await this.find(row.cluster_id, row.node_id).catch(() => undefined);
      if (again) throw new DuplicateNodeError(row.cluster_id, row.node_id, again.id);
      throw this.fail('insert into', err);
    }
    return { id: id ?? (await this.find(row.cluster_id, row.node_id))?.id ?? -1, ...row };
  }

  /** Deletes the row of a node; throws NodeNotFoundError when there is none. Returns the deleted row. */
  async remove(clusterId: number, nodeId: number): Promise<NodeRow> {
    const have = await this.find(clusterId, nodeId);
    if (!have) throw new NodeNotFoundError(clusterId, nodeId);
    const c = this.cols;
    try {
      await this.db.run(`DELETE FROM ${this.q(this.table)} WHERE ${this.q(c.clusterId)} = ? AND ${this.q(c.nodeId)} = ?`, [clusterId, nodeId]);
    } catch (err) {
      throw this.fail('delete from', err);
    }
    return have;
  }

  /**
   * Writes a node's state (persistent_mode). As OpenSIPS: a remote node's row
   * is keyed by (node_id, cluster_id); the local node's by node_id only, so
   * its state changes in every cluster. Returns the number of rows changed.
   */
  async setState(nodeId: number, clusterId: number | undefined, enabled: boolean): Promise<number> {
    const c = this.cols;
    const where = clusterId === undefined ? '' : ` AND ${this.q(c.clusterId)} = ?`;
    const params = clusterId === undefined ? [enabled ? 1 : 0, nodeId] : [enabled ? 1 : 0, nodeId, clusterId];
    try {
      return (await this.db.run(`UPDATE ${this.q(this.table)} SET ${this.q(c.state)} = ? WHERE ${this.q(c.nodeId)} = ?${where}`, params)).changes;
    } catch (err) {
      throw this.fail('update', err);
    }
  }
}
