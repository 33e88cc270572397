import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMIT_DEFAULTS, parseConfig } from '../../../src/engine/config/index.js';
import { assertIssue, base0, issuesOf } from './helpers.js';

test('limits default to OpenSIPS-compatible values', () => {
  assert.deepEqual(parseConfig(base0()).config.limits, LIMIT_DEFAULTS);
  assert.equal(LIMIT_DEFAULTS.maxFrameSize, 65515, 'what OpenSIPS 4.x accepts');
  assert.equal(LIMIT_DEFAULTS.frameTimeoutMs, 4000, 'OpenSIPS tcp_max_msg_time');
  assert.equal(LIMIT_DEFAULTS.maxConnections, 2048, 'OpenSIPS tcp_max_connections');
  assert.equal(LIMIT_DEFAULTS.maxNodesPerCluster, 128, 'MAX_NO_NODES');
});

test('every limit key is read, with its unit', () => {
  const { config } = parseConfig({
    ...base0(), max_frame_size: 65535, max_pending_bytes: 1 << 20, max_connections: 600, max_connections_per_ip: 10,
    frame_timeout: 500, unknown_idle_timeout: 2000, max_nodes_per_cluster: 16, mi_max_body: 4096, tls_handshake_timeout: 750,
  });
  assert.deepEqual(config.limits, {
    maxFrameSize: 65535, maxPendingBytes: 1 << 20, maxConnections: 600, maxConnectionsPerIp: 10,
    frameTimeoutMs: 500, unknownIdleTimeoutMs: 2000, maxNodesPerCluster: 16, miMaxBody: 4096, tlsHandshakeTimeoutMs: 750,
  });
});

test('limits out of range are configuration errors naming the key', () => {
  const issues = issuesOf(() => parseConfig({ ...base0(), max_frame_size: 70000, max_nodes_per_cluster: 129, max_connections: 0, frame_timeout: 'soon' }));
  assertIssue(issues, 'max_frame_size', /at most 65535/);
  assertIssue(issues, 'max_nodes_per_cluster', /at most 128/);
  assertIssue(issues, 'max_connections', /greater than 0/);
  assertIssue(issues, 'frame_timeout', /must be an integer/);
});
