/**
 * A row of the clusterer table as the node uses it, and the checks OpenSIPS
 * applies when loading one (node_info.c): types, NULLs, ids > 0, a valid URL.
 * Pure: no I/O.
 */
import type { ColumnField, ColumnNames } from '../config/columns.js';
import type { NodeInfo } from '../config/node-info.js';
import { BadUrlError, parseBinUrl } from '../config/url.js';
import type { Row } from './driver.js';

/** A row in the column order of the table, with the default column names (the `--json` shape). */
export interface NodeRow {
  id: number;
  cluster_id: number;
  node_id: number;
  url: string;
  state: number;
  no_ping_retries: number;
  priority: number;
  sip_addr: string | null;
  flags: string | null;
  description: string | null;
}

export type RowCheck = { ok: true; row: NodeRow } | { ok: false; reason: string; nodeId: number | undefined; id: unknown };

/** DB integers arrive as numbers, bigints or (MySQL DECIMAL, PostgreSQL int8) decimal strings. */
function toInt(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** Reads and checks one row fetched with `columnList` (keys are the configured column names). */
export function checkRow(raw: Row, cols: ColumnNames): RowCheck {
  const problems: string[] = [];
  const int = (f: ColumnField, min: number | null): number => {
    const v = raw[cols[f]];
    if (v === null || v === undefined) problems.push(`column ${cols[f]} is null`);
    const n = toInt(v);
    if (n === undefined) {
      if (v !== null && v !== undefined) problems.push(`column ${cols[f]} has a bad type (${JSON.stringify(v)}, expected an integer)`);
      return 0;
    }
    if (min !== null && n < min) problems.push(`column ${cols[f]} must be ${min === 1 ? 'greater than 0' : `at least ${min}`}, got ${n}`);
    return n;
  };
  const str = (f: ColumnField, required: boolean): string | null => {
    const v = raw[cols[f]];
    if (v === null || v === undefined) {
      if (required) problems.push(`column ${cols[f]} is null`);
      return null;
    }
    if (typeof v !== 'string') {
      problems.push(`column ${cols[f]} has a bad type (${JSON.stringify(v)}, expected a string)`);
      return null;
    }
    const s = v.trim();
    if (s === '' && required) problems.push(`column ${cols[f]} (str) is empty`);
    return s === '' ? null : s;
  };
  const row: NodeRow = {
    id: int('id', null),
    cluster_id: int('clusterId', 1),
    node_id: int('nodeId', 1),
    url: str('url', true) ?? '',
    state: int('state', 0),
    no_ping_retries: int('noPingRetries', 0),
    priority: int('priority', 0),
    sip_addr: str('sipAddr', false),
    flags: str('flags', false),
    description: str('description', false),
  };
  if (row.url !== '') {
    try {
      parseBinUrl(row.url);
    } catch (err) {
      problems.push(err instanceof BadUrlError ? err.message : String(err));
    }
  }
  if (problems.length > 0) return { ok: false, reason: problems.join('; '), nodeId: toInt(raw[cols.nodeId]), id: raw[cols.id] };
  return { ok: true, row };
}

/** The node as the topology needs it. `row` must have passed `checkRow`. */
export function rowToNodeInfo(row: NodeRow): NodeInfo {
  const u = parseBinUrl(row.url);
  const info: NodeInfo = {
    clusterId: row.cluster_id,
    nodeId: row.node_id,
    url: u.url,
    proto: u.proto,
    host: u.host,
    port: u.port,
    noPingRetries: row.no_ping_retries,
    priority: row.priority,
    // OpenSIPS prefix-matches "seed" in the flags column.
    seed: row.flags?.startsWith('seed') ?? false,
    // Only 0 disables (OpenSIPS compares with STATE_DISABLED).
    enabled: row.state !== 0,
    dbId: row.id,
  };
  if (row.sip_addr !== null) info.sipAddr = row.sip_addr;
  if (row.flags !== null) info.flags = row.flags;
  if (row.description !== null) info.description = row.description;
  return info;
}
