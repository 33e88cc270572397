import type { IssueList } from './errors.js';
import { LIMIT_KEYS } from './limits.js';
import { closest } from './values.js';

/** Parameters of the OpenSIPS clusterer module (seed 001, plus `db_bridges_table` from 4.0 and `persistent_mode`). */
export const OPENSIPS_KEYS = [
  'my_node_id', 'db_mode', 'db_url', 'db_table', 'db_bridges_table', 'sharing_tag', 'my_node_info',
  'neighbor_node_info', 'ping_interval', 'ping_timeout', 'node_timeout', 'seed_fallback_interval',
  'sync_timeout', 'sync_packet_size', 'dispatch_jobs', 'id_col', 'cluster_id_col', 'node_id_col', 'url_col',
  'state_col', 'no_ping_retries_col', 'priority_col', 'sip_addr_col', 'flags_col', 'description_col',
  'enable_stats', 'enable_rerouting', 'persistent_mode',
] as const;

/** Keys of our own (not OpenSIPS module parameters). */
export const OWN_KEYS = [
  'socket', 'control_socket', 'mi_http', 'log_level', 'state_file', 'sharing_tag_policy', 'event_handlers', 'timing_preset', 'mi_http_token',
  'join_policy', 'tls', 'ls_batch_interval', ...LIMIT_KEYS,
] as const;

/** Sections named after another OpenSIPS module, holding that module's parameters (`cachedb_local: {cache_collections: …}`). */
export const MODULE_SECTIONS = ['cachedb_local'] as const;

export type ConfigKey = (typeof OPENSIPS_KEYS)[number] | (typeof OWN_KEYS)[number] | (typeof MODULE_SECTIONS)[number];
export const CONFIG_KEYS: readonly ConfigKey[] = [...OPENSIPS_KEYS, ...OWN_KEYS, ...MODULE_SECTIONS];

export interface LegacyAlias {
  key: ConfigKey;
  /** Where the old name comes from. */
  origin: string;
}

/** Old parameter names that still mean the same thing under a new name. */
export const LEGACY_ALIASES: Readonly<Record<string, LegacyAlias>> = Object.freeze({
  current_id: { key: 'my_node_id', origin: 'pre-2.4 clusterer docs (seed 000)' },
  current_info: { key: 'my_node_info', origin: 'pre-2.4 clusterer docs (seed 000)' },
  neighbor_info: { key: 'neighbor_node_info', origin: 'pre-2.4 clusterer docs (seed 000)' },
  server_id: { key: 'my_node_id', origin: 'original clusterer docs (seed 002)' },
  machine_id_col: { key: 'node_id_col', origin: 'original clusterer docs (seed 002)' },
  // The 2.x source binds clusterer_id_col to the same variable as today's id_col (the row PK).
  clusterer_id_col: { key: 'id_col', origin: 'original clusterer docs (seed 002)' },
  // "maximum allowed number of failed attempts" is what no_ping_retries became.
  failed_attempts_col: { key: 'no_ping_retries_col', origin: 'original clusterer docs (seed 002)' },
  // The 4.0 README spells it db_bridge_table; the code reads db_bridges_table (reference §9.2).
  db_bridge_table: { key: 'db_bridges_table', origin: 'OpenSIPS 4.0 README (reference §9.2)' },
});

/** Old parameters with no successor: accepted, warned about and ignored. */
export const OBSOLETE_KEYS: Readonly<Record<string, string>> = Object.freeze({
  last_attempt_col: 'original clusterer docs (seed 002)',
  duration_col: 'original clusterer docs (seed 002)',
  no_tries_col: 'original clusterer docs (seed 002)',
});

const isConfigKey = (k: string): k is ConfigKey => (CONFIG_KEYS as readonly string[]).includes(k);

/**
 * Maps the raw top-level keys to canonical ones: legacy aliases are renamed
 * (with a warning), obsolete keys dropped (with a warning), unknown keys and
 * alias/new-name clashes reported as issues.
 */
export function resolveKeys(obj: Record<string, unknown>, issues: IssueList, warnings: string[]): Map<ConfigKey, unknown> {
  const out = new Map<ConfigKey, unknown>();
  const givenAs = new Map<ConfigKey, string>();
  const set = (key: ConfigKey, as: string, value: unknown): void => {
    const prev = givenAs.get(key);
    if (prev !== undefined) {
      const [legacy, other] = prev === key ? [as, prev] : [prev, as];
      issues.add(legacy, `both \`${legacy}\` and \`${other}\` are given; keep only \`${key}\``);
      return;
    }
    if (value === null || value === undefined) {
      issues.add(as, 'no value given (set a value or remove the key)');
      return;
    }
    givenAs.set(key, as);
    out.set(key, value);
  };
  for (const [name, value] of Object.entries(obj)) {
    const alias = LEGACY_ALIASES[name];
    if (isConfigKey(name)) {
      set(name, name, value);
    } else if (alias !== undefined) {
      warnings.push(`\`${name}\` is deprecated, use \`${alias.key}\``);
      set(alias.key, name, value);
    } else if (OBSOLETE_KEYS[name] !== undefined) {
      warnings.push(`\`${name}\` is obsolete (${OBSOLETE_KEYS[name]}) and has no effect; ignored`);
    } else {
      const hint = closest(name, [...CONFIG_KEYS, ...Object.keys(LEGACY_ALIASES)]);
      issues.add(name, `unknown parameter${hint ? `; did you mean \`${LEGACY_ALIASES[hint]?.key ?? hint}\`?` : ''}`);
    }
  }
  return out;
}
