import { DEFAULT_COLLECTIONS, parseCacheCollections, type CollectionSpec } from './cache-collections.js';
import type { IssueList } from './errors.js';
import { isRecord, show, toInt } from './values.js';

/** How a node fills its cache after a restart (cachedb_local `cluster_persistency`). */
export type ClusterPersistency = 'sync-from-cluster' | 'none';

/** The `cachedb_local` section: the key-value store and its replication (OpenSIPS module parameters). */
export interface CachedbLocalConfig {
  collections: CollectionSpec[];
  /** Cluster that replicates the cache; null: the node's first cluster (db_mode 1: known once the table is read). */
  clusterId: number | null;
  /** Seconds between two sweeps of expired entries (`cache_clean_period`). */
  cleanPeriod: number;
  clusterPersistency: ClusterPersistency;
  /** Ours: merge the other side's entries when a partition heals (default true). */
  resyncOnHeal: boolean;
  /** Ours: seconds a removed key is remembered, so that an older write arriving later does not bring it back (default 3600). */
  tombstoneLifetime: number;
}

/** cachedb_local's defaults (its README), except the collection: ours replicates by default. */
export const CACHEDB_LOCAL_DEFAULTS = Object.freeze({ cleanPeriod: 600, clusterPersistency: 'sync-from-cluster' as ClusterPersistency, tombstoneLifetime: 3600 });

const KNOWN = ['cache_collections', 'cluster_id', 'cache_clean_period', 'cluster_persistency', 'resync_on_heal', 'tombstone_lifetime'] as const;
const PERSISTENCY: readonly ClusterPersistency[] = ['sync-from-cluster', 'none'];

/** The configuration of a node without a `cachedb_local` section. */
export function defaultCachedbLocal(clusters: readonly number[]): CachedbLocalConfig {
  return { collections: DEFAULT_COLLECTIONS.map((c) => ({ ...c })), clusterId: clusters[0] ?? null, cleanPeriod: CACHEDB_LOCAL_DEFAULTS.cleanPeriod, clusterPersistency: CACHEDB_LOCAL_DEFAULTS.clusterPersistency, resyncOnHeal: true, tombstoneLifetime: CACHEDB_LOCAL_DEFAULTS.tombstoneLifetime };
}

/**
 * Reads the `cachedb_local` section; `clusters` are the node's clusters
 * (db_mode 0), or null when they come from the database (db_mode 1).
 * Problems are recorded as `cachedb_local.<key>` issues.
 */
export function readCachedbLocal(v: unknown, clusters: readonly number[] | null, issues: IssueList): CachedbLocalConfig | undefined {
  if (v === undefined) return undefined;
  const out = defaultCachedbLocal(clusters ?? []);
  if (!isRecord(v)) {
    issues.add('cachedb_local', `expected a mapping such as {cache_collections: "default/r", cluster_id: 1}, got ${show(v)}`);
    return out;
  }
  for (const k of Object.keys(v)) {
    if (!(KNOWN as readonly string[]).includes(k)) issues.add(`cachedb_local.${k}`, `unknown parameter (known: ${KNOWN.join(', ')})`);
  }
  if (v.cache_collections !== undefined) {
    try {
      out.collections = parseCacheCollections(v.cache_collections);
    } catch (err) {
      issues.addError('cachedb_local.cache_collections', err);
    }
  }
  if (v.cluster_id !== undefined) {
    const r = toInt(v.cluster_id, 1);
    if (!r.ok) issues.add('cachedb_local.cluster_id', r.message);
    else if (clusters !== null && !clusters.includes(r.value)) issues.add('cachedb_local.cluster_id', `cluster ${r.value} is not one of this node's clusters (${clusters.join(', ') || 'none'})`);
    else out.clusterId = r.value;
  }
  if (v.cache_clean_period !== undefined) {
    // OpenSIPS refuses a period that is not positive at start-up too.
    const r = toInt(v.cache_clean_period, 1);
    if (r.ok) out.cleanPeriod = r.value;
    else issues.add('cachedb_local.cache_clean_period', `${r.message} (seconds between two sweeps of expired entries)`);
  }
  if (v.cluster_persistency !== undefined) {
    const p = v.cluster_persistency;
    if (typeof p === 'string' && (PERSISTENCY as readonly string[]).includes(p.toLowerCase())) out.clusterPersistency = p.toLowerCase() as ClusterPersistency;
    else issues.add('cachedb_local.cluster_persistency', `must be one of ${PERSISTENCY.join(', ')}, got ${show(p)}`);
  }
  if (v.resync_on_heal !== undefined) {
    const h = v.resync_on_heal;
    if (typeof h === 'boolean' || h === 0 || h === 1) out.resyncOnHeal = h === true || h === 1;
    else issues.add('cachedb_local.resync_on_heal', `must be true or false, got ${show(h)}`);
  }
  if (v.tombstone_lifetime !== undefined) {
    const r = toInt(v.tombstone_lifetime, 1);
    if (r.ok) out.tombstoneLifetime = r.value;
    else issues.add('cachedb_local.tombstone_lifetime', `${r.message} (seconds a removed key is remembered)`);
  }
  return out;
}
