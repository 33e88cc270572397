/** Configuration layer: OpenSIPS clusterer parameters (+ our own keys) → validated NodeConfig. */
export { ConfigError, ConfigValueError, CONFIG_ERROR_CODE, formatIssues, type ConfigIssue } from './errors.js';
export { parseConfig, type NodeConfig, type ConfigOverrides, type ParseConfigOptions, type ParsedConfig } from './schema.js';
export { loadConfigFile, loadConfigFileSync, parseConfigText } from './load.js';
export { parseNodeInfo, NODE_INFO_DEFAULTS, type NodeInfo, type LocalNodeInfo, type NodeInfoKind } from './node-info.js';
export { parseSharingTag, formatSharingTag, type SharingTagConfig, type ShtagState } from './sharing-tag.js';
export {
  parseSharingTagPolicy, readSharingTagPolicies, formatSharingTagPolicy,
  type SharingTagPolicyConfig, type OnDown, type OnConflict,
} from './sharing-tag-policy.js';
export {
  parseBinUrl, parseHostPort, isIPv4, BadUrlError, DEFAULT_BIN_PORT, DEFAULT_BINS_PORT,
  type BinUrl, type BinProto,
} from './url.js';
export { DEFAULT_COLUMNS, COLUMN_PARAMS, type ColumnNames } from './columns.js';
export { DEFAULTS } from './defaults.js';
export { INERT_KEYS, inertWarning } from './inert.js';
export { CONFIG_KEYS, OPENSIPS_KEYS, OWN_KEYS, MODULE_SECTIONS, LEGACY_ALIASES, OBSOLETE_KEYS, type ConfigKey, type LegacyAlias } from './keys.js';
export { parseEventHandler, parseDurationMs, type EventHandlerConfig, type ExecHandlerConfig, type WebhookHandlerConfig } from './event-handlers.js';
export {
  parseDbUrl, redactDbUrl, absolutizeSqliteUrl, scrubSecret, dbScheme, DbUrlError, DB_SCHEMES,
  type DbUrl, type DbDialect,
} from './db-url.js';
export { TIMING_PRESETS, TIMING_PRESET_NAMES, nodeTimers, type TimingPreset, type NodeTimers } from './presets.js';
export { parseCacheCollections, formatCacheCollections, DEFAULT_COLLECTION, DEFAULT_COLLECTIONS, type CollectionSpec } from './cache-collections.js';
export { readCachedbLocal, defaultCachedbLocal, CACHEDB_LOCAL_DEFAULTS, type CachedbLocalConfig, type ClusterPersistency } from './cachedb-local.js';
export { LIMIT_DEFAULTS, LIMIT_KEYS, readLimits, type Limits } from './limits.js';
export { JOIN_ANY, admits, describePolicy, inCidr, parseCidr, readJoinPolicy, type Cidr, type JoinPolicy } from './join-policy.js';
