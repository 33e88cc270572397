import { defaultControlSocket } from '../paths.js';
import type { LogLevel } from '../log.js';
import type { ColumnNames } from './columns.js';
import { DEFAULTS } from './defaults.js';
import { ConfigError, IssueList, type ConfigIssue } from './errors.js';
import { warnInert } from './inert.js';
import { resolveKeys, LEGACY_ALIASES, type ConfigKey } from './keys.js';
import type { NodeInfo } from './node-info.js';
import { readScalars } from './params.js';
import { resolveProvisioning } from './provisioning.js';
import type { SharingTagConfig } from './sharing-tag.js';
import { readSharingTagPolicies, type SharingTagPolicyConfig } from './sharing-tag-policy.js';
import { readEventHandlers, type EventHandlerConfig } from './event-handlers.js';
import type { BinUrl } from './url.js';
import { isRecord, show } from './values.js';
import { nodeTimers, type NodeTimers, type TimingPreset } from './presets.js';
import { isLoopback } from './loopback.js';
import { readCachedbLocal, type CachedbLocalConfig } from './cachedb-local.js';
import { readLimits, type Limits } from './limits.js';
import { readJoinPolicy, type JoinPolicy } from './join-policy.js';
import { readTls, type TlsSettings } from './tls.js';

/** A node's validated, fully defaulted configuration. Times keep OpenSIPS units (see comments). */
export interface NodeConfig {
  /** `my_node_id` (or taken from the node_id of every my_node_info). */
  myNodeId: number;
  dbMode: 0 | 1;
  /** `db_url`; defaults to `sqlite://./cl.db` in db_mode 1, null in db_mode 0 when absent. */
  dbUrl: string | null;
  dbTable: string;
  dbBridgesTable: string;
  /** `*_col` parameters; also the property names of `*_node_info`. */
  columns: ColumnNames;
  /** db_mode 0 only (empty in db_mode 1): one entry per cluster the local node is in. */
  myNodeInfo: NodeInfo[];
  /** db_mode 0 only (empty in db_mode 1). */
  neighborNodeInfo: NodeInfo[];
  /** Cluster ids of `myNodeInfo`, ascending (empty in db_mode 1: they come from the DB). */
  clusters: number[];
  sharingTags: SharingTagConfig[];
  /** `sharing_tag_policy` (ours): arbitration per tag; none = OpenSIPS behaviour. */
  sharingTagPolicies: SharingTagPolicyConfig[];
  /** `timing_preset` (ours): the defaults of the three heartbeat parameters. */
  timingPreset: TimingPreset;
  /** The heartbeat and sync timings in milliseconds, the unit the engine uses. */
  timers: NodeTimers;
  /** Seconds between pings. */
  pingInterval: number;
  /** Milliseconds to wait for a PONG. */
  pingTimeout: number;
  /** Seconds before probing a failed node again. */
  nodeTimeout: number;
  /** Seconds a seed node waits for a donor before declaring itself synced. */
  seedFallbackInterval: number;
  /** Seconds without sync data before a sync is considered failed. */
  syncTimeout: number;
  /** Bytes (suggested maximum per sync packet). */
  syncPacketSize: number;
  dispatchJobs: boolean;
  enableStats: boolean;
  enableRerouting: boolean;
  /**
   * `ls_batch_interval` (ours), ms. 0: one LS_UPDATE per change of a direct
   * link, as OpenSIPS. More: the changes of that many ms are announced
   * together, as one FULL_TOP_UPDATE of the node's own entry (docs/topology.md).
   */
  lsBatchInterval: number;
  persistentMode: boolean;
  /** BIN listeners; default: the deduplicated URLs of `myNodeInfo`. */
  socket: BinUrl[];
  /** Unix socket of the local control interface. */
  controlSocket: string;
  /** Optional MI-over-HTTP listener. */
  miHttp: { host: string; port: number } | null;
  /** Bearer token every mi_http request must carry; required when mi_http listens beyond loopback. */
  miHttpToken: string | null;
  logLevel: LogLevel;
  stateFile: string | null;
  /** What the node grants the network (docs/limits.md). */
  limits: Limits;
  /** `tls` (BIN over TLS, docs/tls.md): required by `bins:` listeners and URLs; null when absent. */
  tls: TlsSettings | null;
  /** db_mode 0 `join_policy` (ours): who may join each cluster by discovery; `default` for clusters not listed. */
  joinPolicy: { default: JoinPolicy; byCluster: Map<number, JoinPolicy> };
  /** `event_handlers` (ours): exec/webhook handlers of events; absent when not configured. */
  eventHandlers?: EventHandlerConfig[];
  /** `cachedb_local` section: the key-value store; absent when not configured (defaultCachedbLocal applies). */
  cachedbLocal?: CachedbLocalConfig;
}

/** Values from the command line; each wins over the file (and over its legacy aliases). */
export interface ConfigOverrides {
  nodeId?: number;
  socket?: string[];
  controlSocket?: string;
  logLevel?: LogLevel;
}

export interface ParseConfigOptions {
  /** Shown in the error message, e.g. the file path. */
  source?: string;
  overrides?: ConfigOverrides;
}

export interface ParsedConfig {
  config: NodeConfig;
  warnings: string[];
}

/** The command-line flag of each overridable key. */
const OVERRIDE_FLAGS: Readonly<Record<string, { flag: string; set: (o: ConfigOverrides) => boolean }>> = {
  my_node_id: { flag: '--node-id', set: (o) => o.nodeId !== undefined },
  socket: { flag: '--socket', set: (o) => o.socket !== undefined },
  control_socket: { flag: '--control-socket', set: (o) => o.controlSocket !== undefined },
  log_level: { flag: '--log-level', set: (o) => o.logLevel !== undefined },
};

/** Issues of a value that came from a flag name the flag (`--socket`), not the file's key (`socket[0]`). */
function flagIssues(issues: readonly ConfigIssue[], o: ConfigOverrides | undefined): ConfigIssue[] {
  if (!o) return [...issues];
  return issues.map((i) => {
    const base = i.key.replace(/\[\d+\]$/, '');
    const f = OVERRIDE_FLAGS[base];
    return f && f.set(o) ? { key: f.flag, message: i.message } : i;
  });
}

function applyOverrides(params: Map<ConfigKey, unknown>, o: ConfigOverrides | undefined): void {
  if (!o) return;
  const set = (key: ConfigKey, v: unknown): void => {
    if (v !== undefined) params.set(key, v);
  };
  set('my_node_id', o.nodeId);
  set('socket', o.socket);
  set('control_socket', o.controlSocket);
  set('log_level', o.logLevel);
}

/** The listener that would accept a node URL: same proto and port, same host or the wildcard. */
function hasListener(sockets: readonly BinUrl[], n: NodeInfo): boolean {
  return sockets.some((s) => s.proto === n.proto && s.port === n.port && (s.host === n.host || s.host === '0.0.0.0'));
}

/**
 * Explicit listeners must serve every local URL (OpenSIPS: "non-local socket");
 * without `socket`, listen on the local URLs themselves.
 */
function resolveSockets(given: BinUrl[] | undefined, locals: readonly NodeInfo[], issues: IssueList): BinUrl[] {
  if (given === undefined) {
    const out: BinUrl[] = [];
    for (const n of locals) if (!out.some((s) => s.url === n.url)) out.push({ proto: n.proto, host: n.host, port: n.port, url: n.url });
    return out;
  }
  for (const n of locals) {
    if (!hasListener(given, n)) {
      issues.add('my_node_info', `non-local socket ${n.host}:${n.port} for this node (cluster ${n.clusterId}: no 'socket' listener matches ${n.url})`);
    }
  }
  return given;
}

/**
 * Validates a raw (YAML-decoded) configuration. Keys are the OpenSIPS clusterer
 * parameter names plus our own (`socket`, `control_socket`, `mi_http`,
 * `log_level`, `state_file`). Throws one ConfigError listing every problem.
 */
export function parseConfig(raw: unknown, opts: ParseConfigOptions = {}): ParsedConfig {
  const issues = new IssueList();
  const warnings: string[] = [];
  let obj: Record<string, unknown> = {};
  if (isRecord(raw)) obj = raw;
  else if (raw !== null && raw !== undefined) issues.add('(root)', `expected a mapping of parameter names to values, got ${show(raw)}`);
  if (opts.overrides?.nodeId !== undefined) {
    // The override replaces my_node_id under any of its names, so an alias in the file is not a clash.
    obj = Object.fromEntries(Object.entries(obj).filter(([k]) => LEGACY_ALIASES[k]?.key !== 'my_node_id'));
  }
  const params = resolveKeys(obj, issues, warnings);
  warnInert(params, warnings);
  applyOverrides(params, opts.overrides);
  const tls = readTls(params.get('tls'), issues);
  // A tls section with problems is reported as such, not once more for every bins: address.
  const tlsGiven = params.has('tls');
  const p = readScalars(params, issues, tlsGiven);
  const prov = resolveProvisioning(params, p.dbMode, p.myNodeId, p.columns, issues, warnings, tlsGiven);

  if (p.miHttp && !isLoopback(p.miHttp.host) && p.miHttpToken === null) {
    issues.add('mi_http', `${p.miHttp.host}:${p.miHttp.port} is reachable from other machines: set mi_http_token (a bearer token every request must carry), or listen on 127.0.0.1`);
  }
  const socket = resolveSockets(p.socket, prov.myNodeInfo, issues);
  // In db_mode 1 without `socket`, the listeners come from the table: checked when it is read.
  if (tls && (p.dbMode === 0 || p.socket !== undefined)) {
    for (const l of tls.listeners) {
      if (!socket.some((s) => s.url === l.url)) issues.add(`tls.listeners.${l.url}`, `not one of this node's listeners (${socket.map((s) => s.url).join(', ') || 'none'})`);
    }
  }
  const eventHandlers = readEventHandlers(params.get('event_handlers'), opts.source, issues);
  const cachedbLocal = readCachedbLocal(params.get('cachedb_local'), p.dbMode === 0 ? prov.clusters : null, issues);
  const limits = readLimits(params, issues);
  if (p.dbMode === 1 && params.has('join_policy')) warnings.push('join_policy applies to db_mode 0 only: in db_mode 1 the clusterer table says who is a member; ignored');
  const joinPolicy = readJoinPolicy(p.dbMode === 0 ? params.get('join_policy') : undefined, prov.clusters, issues, warnings);
  const sharingTagPolicies = readSharingTagPolicies(params.get('sharing_tag_policy'), p.dbMode === 0 ? prov.clusters : null, issues, warnings);
  // Safety net: every path that leaves the id unresolved should already have said why.
  if (prov.myNodeId === undefined && issues.size === 0) issues.add('my_node_id', 'could not be determined');
  if (p.pingTimeout > p.pingInterval * 1000) {
    warnings.push(
      `ping_timeout (${p.pingTimeout} ms) is longer than ping_interval (${p.pingInterval} s = ${p.pingInterval * 1000} ms): the next ping is due before a missing pong is noticed; make ping_timeout at most ping_interval`,
    );
  }
  if (issues.size > 0 || prov.myNodeId === undefined) throw new ConfigError(flagIssues(issues.items, opts.overrides), { source: opts.source });
  const config: NodeConfig = {
    myNodeId: prov.myNodeId,
    dbMode: p.dbMode,
    dbUrl: p.dbUrl ?? (p.dbMode === 1 ? DEFAULTS.dbUrl : null),
    dbTable: p.dbTable,
    dbBridgesTable: p.dbBridgesTable,
    columns: p.columns,
    myNodeInfo: prov.myNodeInfo,
    neighborNodeInfo: prov.neighborNodeInfo,
    clusters: prov.clusters,
    sharingTags: prov.sharingTags,
    sharingTagPolicies,
    timingPreset: p.timingPreset,
    timers: nodeTimers(p),
    pingInterval: p.pingInterval,
    pingTimeout: p.pingTimeout,
    nodeTimeout: p.nodeTimeout,
    seedFallbackInterval: p.seedFallbackInterval,
    syncTimeout: p.syncTimeout,
    syncPacketSize: p.syncPacketSize,
    dispatchJobs: p.dispatchJobs,
    enableStats: p.enableStats,
    enableRerouting: p.enableRerouting,
    lsBatchInterval: p.lsBatchInterval,
    persistentMode: p.persistentMode,
    socket,
    controlSocket: p.controlSocket ?? defaultControlSocket(),
    miHttp: p.miHttp,
    miHttpToken: p.miHttpToken,
    logLevel: p.logLevel,
    stateFile: p.stateFile,
    limits,
    joinPolicy,
    tls,
    ...(eventHandlers ? { eventHandlers } : {}),
    ...(cachedbLocal ? { cachedbLocal } : {}),
  };
  return { config, warnings };
}
