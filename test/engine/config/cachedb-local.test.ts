import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigValueError, defaultCachedbLocal, formatCacheCollections, parseCacheCollections, parseConfig } from '../../../src/engine/config/index.js';
import { assertIssue, base0, issuesOf } from './helpers.js';

const problemsOf = (text: unknown): readonly string[] => {
  try {
    parseCacheCollections(text);
  } catch (err) {
    assert.ok(err instanceof ConfigValueError, String(err));
    return err.problems;
  }
  assert.fail(`expected ${JSON.stringify(text)} to be refused`);
};

test('cache_collections: /r marks replicated, whitespace tolerant, default added when absent (not replicated)', () => {
  assert.deepEqual(parseCacheCollections('default/r; sessions/r'), [{ name: 'default', replicated: true }, { name: 'sessions', replicated: true }]);
  assert.deepEqual(parseCacheCollections('  collection1 /r ;default;'), [{ name: 'collection1', replicated: true }, { name: 'default', replicated: false }]);
  assert.deepEqual(parseCacheCollections('sessions/r'), [{ name: 'default', replicated: false }, { name: 'sessions', replicated: true }]);
  assert.deepEqual(parseCacheCollections('a=5/r; default=4'), [{ name: 'a', replicated: true }, { name: 'default', replicated: false }], "OpenSIPS's hash size is accepted");
  assert.equal(formatCacheCollections(parseCacheCollections('default/r;x')), 'default/r; x');
});

test('cache_collections: duplicates, empty names, bad suffixes and sizes are refused naming the item', () => {
  assert.match(problemsOf('a/r; a').join('\n'), /item 2 \("a"\): collection "a" is defined more than once/);
  assert.match(problemsOf('a;;b').join('\n'), /item 2 is empty/);
  assert.match(problemsOf('').join('\n'), /item 1 is empty/);
  assert.match(problemsOf('/r').join('\n'), /empty collection name/);
  assert.match(problemsOf('a/x').join('\n'), /bad suffix "\/x"/);
  assert.match(problemsOf('a/r/r').join('\n'), /bad suffix "\/r\/r"/);
  assert.match(problemsOf('a b/r').join('\n'), /bad collection name "a b"/);
  assert.match(problemsOf('a=big').join('\n'), /bad hash size "big"/);
  assert.match(problemsOf(5).join('\n'), /expected a string/);
  assert.equal(problemsOf('a/x; b/y').length, 2, 'every bad item is reported');
});

test('cachedb_local section: defaults, values, and errors that name the key', () => {
  assert.equal(parseConfig(base0()).config.cachedbLocal, undefined, 'absent when not configured');
  assert.deepEqual(defaultCachedbLocal([3, 7]), { collections: [{ name: 'default', replicated: true }], clusterId: 3, cleanPeriod: 600, clusterPersistency: 'sync-from-cluster', resyncOnHeal: true, tombstoneLifetime: 3600 });
  const { config } = parseConfig({ ...base0(), cachedb_local: { cache_collections: 'default/r; sessions/r', cluster_id: 1, cache_clean_period: 30, cluster_persistency: 'none' } });
  assert.deepEqual(config.cachedbLocal, {
    collections: [{ name: 'default', replicated: true }, { name: 'sessions', replicated: true }],
    clusterId: 1,
    cleanPeriod: 30,
    clusterPersistency: 'none',
    resyncOnHeal: true,
    tombstoneLifetime: 3600,
  });
  assert.equal(parseConfig({ ...base0(), cachedb_local: {} }).config.cachedbLocal!.clusterId, 1, "default cluster_id: the node's first cluster");
  const issues = issuesOf(() => parseConfig({ ...base0(), cachedb_local: { cache_collections: 'a;a', cluster_id: 9, cache_clean_period: 0, cluster_persistency: 'x', cache_size: 1 } }));
  assertIssue(issues, 'cachedb_local.cache_collections', /defined more than once/);
  assertIssue(issues, 'cachedb_local.cluster_id', /cluster 9 is not one of this node's clusters \(1\)/);
  assertIssue(issues, 'cachedb_local.cache_clean_period', /greater than 0/);
  assertIssue(issues, 'cachedb_local.cluster_persistency', /sync-from-cluster, none/);
  assertIssue(issues, 'cachedb_local.cache_size', /unknown parameter/);
  assertIssue(issuesOf(() => parseConfig({ ...base0(), cachedb_local: 'default/r' })), 'cachedb_local', /expected a mapping/);
  assertIssue(issuesOf(() => parseConfig({ ...base0(), cachedb_locl: {} })), 'cachedb_locl', /did you mean `cachedb_local`/);
  // db_mode 1: the clusters come from the table, so any cluster id is taken.
  assert.equal(parseConfig({ my_node_id: 1, cachedb_local: { cluster_id: 5 } }).config.cachedbLocal!.clusterId, 5);
});

test('cachedb_local.resync_on_heal: ours, true by default; false turns the partition-heal merge off; anything else is an error', () => {
  assert.equal(parseConfig({ ...base0(), cachedb_local: {} }).config.cachedbLocal?.resyncOnHeal, true);
  assert.equal(parseConfig({ ...base0(), cachedb_local: { resync_on_heal: false } }).config.cachedbLocal?.resyncOnHeal, false);
  assertIssue(issuesOf(() => parseConfig({ ...base0(), cachedb_local: { resync_on_heal: 'sometimes' } })), 'cachedb_local.resync_on_heal', /must be true or false, got "sometimes"/);
});

test('cachedb_local.tombstone_lifetime: ours, seconds a removed key is remembered; 3600 by default; not a positive integer is an error', () => {
  assert.equal(parseConfig({ ...base0(), cachedb_local: {} }).config.cachedbLocal?.tombstoneLifetime, 3600);
  assert.equal(parseConfig({ ...base0(), cachedb_local: { tombstone_lifetime: 86400 } }).config.cachedbLocal?.tombstoneLifetime, 86400);
  for (const bad of [0, -5, 'long', 1.5]) {
    assertIssue(issuesOf(() => parseConfig({ ...base0(), cachedb_local: { tombstone_lifetime: bad } })), 'cachedb_local.tombstone_lifetime', /seconds a removed key is remembered/);
  }
});
