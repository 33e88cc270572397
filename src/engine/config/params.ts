import { isLogLevel, LOG_LEVELS, type LogLevel } from '../log.js';
import { COLUMN_FIELDS, COLUMN_NAME_RE, COLUMN_PARAMS, DEFAULT_COLUMNS, type ColumnNames } from './columns.js';
import { DB_SCHEMES, dbScheme, redactDbUrl } from './db-url.js';
import { DEFAULTS, MAX_BIN_PACKET, MAX_LS_BATCH_INTERVAL } from './defaults.js';
import type { IssueList } from './errors.js';
import type { ConfigKey } from './keys.js';
import type { NodeConfig } from './schema.js';
import { refuseTls } from './tls.js';
import { parseBinUrl, parseHostPort, type BinUrl } from './url.js';
import { TIMING_PRESET_NAMES, TIMING_PRESETS, type TimingPreset } from './presets.js';
import { INT_MAX, show, toBoolInt, toInt, toList, toNonEmptyString, type Checked } from './values.js';

/** NodeConfig fields read straight from one parameter each, validated and defaulted. */
type DirectParams = Pick<
  NodeConfig,
  | 'dbMode' | 'dbTable' | 'dbBridgesTable' | 'columns' | 'pingInterval' | 'pingTimeout' | 'nodeTimeout'
  | 'seedFallbackInterval' | 'syncTimeout' | 'syncPacketSize' | 'dispatchJobs' | 'enableStats'
  | 'enableRerouting' | 'persistentMode' | 'miHttp' | 'logLevel' | 'stateFile' | 'timingPreset' | 'miHttpToken'
  | 'lsBatchInterval'
>;

/**
 * Everything except node/tag provisioning: the NodeConfig fields, but those
 * whose final value also depends on the provisioning (undefined when the
 * parameter is absent).
 */
export type ScalarParams = DirectParams & {
  myNodeId: number | undefined;
  dbUrl: string | undefined;
  socket: BinUrl[] | undefined;
  controlSocket: string | undefined;
};

export function readScalars(params: Map<ConfigKey, unknown>, issues: IssueList, tls: boolean): ScalarParams {
  /** Reads one key through a checker; on a problem records it and falls back to the default. */
  const read = <T>(key: ConfigKey, check: (v: unknown) => Checked<T>, def: T, note = ''): T => {
    const v = params.get(key);
    if (v === undefined) return def;
    const r = check(v);
    if (r.ok) return r.value;
    // The note only concerns integers out of range (what OpenSIPS silently replaces).
    issues.add(key, /^must be (greater|at least)/.test(r.message) ? r.message + note : r.message);
    return def;
  };
  const int = (min: number, max = INT_MAX) => (v: unknown) => toInt(v, min, max);
  // OpenSIPS silently falls back to the default on these; we reject and say so.
  const silently = (def: number): string => ` (OpenSIPS would silently use the default ${def})`;
  const presetName = read<TimingPreset>('timing_preset', checkPreset, 'default');
  const preset = TIMING_PRESETS[presetName];
  return {
    timingPreset: presetName,
    myNodeId: read<number | undefined>('my_node_id', int(1), undefined),
    dbMode: read('db_mode', (v) => {
      const r = toInt(v, 0, 1);
      return r.ok ? { ok: true, value: r.value === 1 ? 1 : 0 } : { ok: false, message: `must be 0 or 1, got ${show(v)}` };
    }, DEFAULTS.dbMode),
    dbUrl: read<string | undefined>('db_url', checkDbUrl, undefined),
    dbTable: read('db_table', checkIdentifier, DEFAULTS.dbTable),
    dbBridgesTable: read('db_bridges_table', checkIdentifier, DEFAULTS.dbBridgesTable),
    columns: readColumns(params, issues),
    pingInterval: read('ping_interval', int(1), preset.ping_interval, silently(DEFAULTS.pingInterval)),
    pingTimeout: read('ping_timeout', int(1), preset.ping_timeout, silently(DEFAULTS.pingTimeout)),
    nodeTimeout: read('node_timeout', int(0), preset.node_timeout, silently(DEFAULTS.nodeTimeout)),
    seedFallbackInterval: read('seed_fallback_interval', int(0), DEFAULTS.seedFallbackInterval),
    syncTimeout: read('sync_timeout', int(1), DEFAULTS.syncTimeout),
    syncPacketSize: read('sync_packet_size', int(1, MAX_BIN_PACKET), DEFAULTS.syncPacketSize),
    dispatchJobs: read('dispatch_jobs', toBoolInt, DEFAULTS.dispatchJobs),
    enableStats: read('enable_stats', toBoolInt, DEFAULTS.enableStats),
    enableRerouting: read('enable_rerouting', toBoolInt, DEFAULTS.enableRerouting),
    persistentMode: read('persistent_mode', toBoolInt, DEFAULTS.persistentMode),
    lsBatchInterval: read('ls_batch_interval', int(0, MAX_LS_BATCH_INTERVAL), DEFAULTS.lsBatchInterval),
    socket: readSockets(params.get('socket'), issues, tls),
    controlSocket: read<string | undefined>('control_socket', toNonEmptyString, undefined),
    miHttp: read<{ host: string; port: number } | null>('mi_http', checkHostPort, null),
    miHttpToken: read<string | null>('mi_http_token', checkToken, null),
    logLevel: read<LogLevel>('log_level', checkLogLevel, DEFAULTS.logLevel),
    stateFile: read<string | null>('state_file', toNonEmptyString, null),
  };
}

/** Shortest bearer token accepted: one that can be guessed protects nothing. */
export const MIN_TOKEN_LENGTH = 16;

function checkToken(v: unknown): Checked<string> {
  if (typeof v !== 'string' || !/^[\x21-\x7e]+$/.test(v)) return { ok: false, message: 'must be a string of printable characters without spaces' };
  if (v.length < MIN_TOKEN_LENGTH) return { ok: false, message: `must be at least ${MIN_TOKEN_LENGTH} characters long, got ${v.length}` };
  return { ok: true, value: v };
}

function checkPreset(v: unknown): Checked<TimingPreset> {
  if (typeof v === 'string' && (TIMING_PRESET_NAMES as string[]).includes(v)) return { ok: true, value: v as TimingPreset };
  return { ok: false, message: `must be one of ${TIMING_PRESET_NAMES.join(', ')}, got ${show(v)}` };
}

function checkDbUrl(v: unknown): Checked<string> {
  const r = toNonEmptyString(v);
  if (!r.ok) return r;
  const scheme = dbScheme(r.value);
  if (scheme === undefined) {
    return { ok: false, message: `expected a database URL such as "sqlite://./cl.db" or "mysql://user:pass@host/db", got ${show(redactDbUrl(r.value))}` };
  }
  if (!DB_SCHEMES.includes(scheme)) return { ok: false, message: `unsupported database scheme '${scheme}' (expected ${DB_SCHEMES.join(', ')})` };
  return r;
}

function checkIdentifier(v: unknown): Checked<string> {
  const r = toNonEmptyString(v);
  if (!r.ok || COLUMN_NAME_RE.test(r.value)) return r;
  return { ok: false, message: `must be a plain SQL identifier (letters, digits, '_'), got ${show(v)}` };
}

function checkLogLevel(v: unknown): Checked<LogLevel> {
  return isLogLevel(v) ? { ok: true, value: v } : { ok: false, message: `must be one of ${LOG_LEVELS.join(', ')}, got ${show(v)}` };
}

function checkHostPort(v: unknown): Checked<{ host: string; port: number }> {
  if (typeof v !== 'string') return { ok: false, message: `expected "IP:PORT" such as "127.0.0.1:8888", got ${show(v)}` };
  try {
    return { ok: true, value: parseHostPort(v) };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/** Column names double as node-info property names, so they must be identifiers and distinct. */
function readColumns(params: Map<ConfigKey, unknown>, issues: IssueList): ColumnNames {
  const cols: ColumnNames = { ...DEFAULT_COLUMNS };
  const owner = new Map<string, string>();
  for (const f of COLUMN_FIELDS) {
    const key = COLUMN_PARAMS[f];
    const v = params.get(key);
    if (v !== undefined) {
      const r = checkIdentifier(v);
      if (!r.ok) {
        issues.add(key, r.message);
        continue;
      }
      cols[f] = r.value;
    }
    const clash = owner.get(cols[f]);
    if (clash !== undefined) issues.add(key, `column name '${cols[f]}' is already used by \`${clash}\``);
    else owner.set(cols[f], key);
  }
  return cols;
}

/** `socket`: one or more BIN listeners; duplicates collapse. */
function readSockets(v: unknown, issues: IssueList, tls: boolean): BinUrl[] | undefined {
  if (v === undefined) return undefined;
  const list = toList(v);
  const out: BinUrl[] = [];
  list.forEach((item, i) => {
    const key = Array.isArray(v) ? `socket[${i}]` : 'socket';
    if (typeof item !== 'string') {
      issues.add(key, `expected a listener such as "bin:127.0.0.1:5566", got ${show(item)}`);
      return;
    }
    try {
      const u = refuseTls(parseBinUrl(item), tls);
      if (!out.some((o) => o.url === u.url)) out.push(u);
    } catch (err) {
      issues.addError(key, err);
    }
  });
  if (Array.isArray(v) && v.length === 0) issues.add('socket', 'empty list (remove the key to listen on the my_node_info URLs)');
  return out;
}
