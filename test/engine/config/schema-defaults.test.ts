import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultControlSocket } from '../../../src/engine/paths.js';
import { ClError } from '../../../src/engine/errors.js';
import { ConfigError, DEFAULT_COLUMNS, DEFAULTS, parseConfig } from '../../../src/engine/config/index.js';
import { assertIssue, base0, issuesOf } from './helpers.js';

test('defaults equal the OpenSIPS module defaults (seed 001 / reference §9.3)', () => {
  const { config, warnings } = parseConfig({ my_node_id: 1 });
  assert.deepEqual(warnings, []);
  assert.deepEqual(config, {
    myNodeId: 1,
    dbMode: 1,
    dbUrl: 'sqlite://./cl.db',
    dbTable: 'clusterer',
    dbBridgesTable: 'clusterer_bridge',
    columns: {
      id: 'id', clusterId: 'cluster_id', nodeId: 'node_id', url: 'url', state: 'state',
      noPingRetries: 'no_ping_retries', priority: 'priority', sipAddr: 'sip_addr', flags: 'flags', description: 'description',
    },
    myNodeInfo: [],
    neighborNodeInfo: [],
    clusters: [],
    sharingTags: [],
    sharingTagPolicies: [],
    timingPreset: 'default',
    timers: { pingIntervalMs: 4000, pingTimeoutMs: 1000, nodeTimeoutMs: 60_000, seedFallbackIntervalMs: 5000, syncTimeoutMs: 15_000 },
    pingInterval: 4,
    pingTimeout: 1000,
    nodeTimeout: 60,
    seedFallbackInterval: 5,
    syncTimeout: 15,
    syncPacketSize: 32768, // the code's value; the README says 65535
    dispatchJobs: true,
    enableStats: true,
    enableRerouting: true,
    lsBatchInterval: 0, // ours: one LS_UPDATE per link change, as OpenSIPS
    persistentMode: false,
    socket: [],
    controlSocket: defaultControlSocket(),
    miHttp: null,
    miHttpToken: null,
    logLevel: 'info',
    stateFile: null,
    limits: {
      maxFrameSize: 65515, maxPendingBytes: 16 << 20, maxConnections: 2048, maxConnectionsPerIp: 256,
      frameTimeoutMs: 4000, unknownIdleTimeoutMs: 10_000, maxNodesPerCluster: 128, miMaxBody: 1 << 20, tlsHandshakeTimeoutMs: 2000, wireMaxNodes: 128,
    },
    joinPolicy: { default: { kind: 'any' }, byCluster: new Map() },
    tls: null,
  });
  assert.equal(DEFAULTS.syncPacketSize, 32768);
  assert.deepEqual({ ...DEFAULT_COLUMNS }, config.columns);
});

test('db_mode 0: clusters, socket and node id derived from my_node_info', () => {
  const { config } = parseConfig({
    db_mode: 0,
    my_node_info: ['cluster_id=2, node_id=3, url=bin:127.0.0.1:5566', { cluster_id: 1, node_id: 3, url: 'bin:127.0.0.1:5566' }],
  });
  assert.equal(config.myNodeId, 3);
  assert.deepEqual(config.clusters, [1, 2]);
  assert.deepEqual(config.socket, [{ proto: 'bin', host: '127.0.0.1', port: 5566, url: 'bin:127.0.0.1:5566' }]);
  assert.equal(config.dbUrl, null);
  assert.ok(config.myNodeInfo.every((n) => n.nodeId === 3));
});

test('db_mode 0: my_node_info without node_id takes my_node_id', () => {
  const { config } = parseConfig({ ...base0(), my_node_id: '4', neighbor_node_info: 'cluster_id=1,node_id=2,url=bin:127.0.0.1:5567' });
  assert.equal(config.myNodeId, 4);
  assert.equal(config.myNodeInfo[0]!.nodeId, 4);
  assert.equal(config.neighborNodeInfo[0]!.url, 'bin:127.0.0.1:5567');
});

test('db_mode 1: script provisioning ignored with a warning; db_url kept when given', () => {
  const { config, warnings } = parseConfig({
    my_node_id: 1, db_url: 'mysql://opensips@192.168.0.7/opensips', my_node_info: 'garbage', neighbor_node_info: 'more garbage',
  });
  assert.deepEqual(warnings, ['Running in db mode, provisioning from the script is ignored']);
  assert.equal(config.dbUrl, 'mysql://opensips@192.168.0.7/opensips');
  assert.deepEqual(config.myNodeInfo, []);
});

test('ConfigError is a ClError with code CL_ERR_CONFIG, issues and one line per issue', () => {
  try {
    parseConfig({ db_mode: 3, ping_interval: 0, enable_stats: 2, bogus: 1 }, { source: 'x.yaml' });
    assert.fail('should throw');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.ok(err instanceof ClError);
    assert.equal(err.code, 'CL_ERR_CONFIG');
    assert.equal(err.source, 'x.yaml');
    const lines = err.message.split('\n');
    assert.match(lines[0]!, /^invalid configuration in x\.yaml \(5 problems\):$/);
    assert.deepEqual(lines.slice(1), err.issues.map((i) => `${i.key}: ${i.message}`));
    for (const k of ['db_mode', 'ping_interval', 'enable_stats', 'bogus', 'my_node_id']) assertIssue(err.issues, k, /./);
  }
});

test('the root must be a mapping; an empty document is an empty mapping', () => {
  assertIssue(issuesOf(() => parseConfig([1, 2])), '(root)', /expected a mapping/);
  assertIssue(issuesOf(() => parseConfig('my_node_id=1')), '(root)', /expected a mapping/);
  assertIssue(issuesOf(() => parseConfig(null)), 'my_node_id', /Invalid 'my_node_id' parameter/);
});

test('ls_batch_interval: ours, ms; 0 by default (one LS_UPDATE per link change); at most 1000; anything else is an error naming the key', () => {
  assert.equal(parseConfig(base0()).config.lsBatchInterval, 0);
  assert.equal(parseConfig({ ...base0(), ls_batch_interval: 5 }).config.lsBatchInterval, 5);
  for (const bad of [-1, 1001, 'soon', 2.5]) {
    assertIssue(issuesOf(() => parseConfig({ ...base0(), ls_batch_interval: bad })), 'ls_batch_interval', /must be/);
  }
});
