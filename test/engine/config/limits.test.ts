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
  assert.equal(LIMIT_DEFAULTS.wireMaxNodes, 128, 'MAX_NO_NODES on the wire');
});

test('more than 128 nodes per cluster only with wire_max_nodes raised as far (clusters of cl nodes only)', () => {
  const { config } = parseConfig({ ...base0(), wire_max_nodes: 1000, max_nodes_per_cluster: 1000 });
  assert.equal(config.limits.maxNodesPerCluster, 1000);
  assert.equal(config.limits.wireMaxNodes, 1000);
  assertIssue(issuesOf(() => parseConfig({ ...base0(), wire_max_nodes: 500, max_nodes_per_cluster: 501 })), 'max_nodes_per_cluster', /at most 500 \(wire_max_nodes\)/);
  assertIssue(issuesOf(() => parseConfig({ ...base0(), wire_max_nodes: 100 })), 'wire_max_nodes', /at least 128/);
});

test('every limit key is read, with its unit', () => {
  const { config } = parseConfig({
    ...base0(), max_frame_size: 65535, max_pending_bytes: 1 << 20, max_connections: 600, max_connections_per_ip: 10,
    frame_timeout: 500, unknown_idle_timeout: 2000, max_nodes_per_cluster: 16, mi_max_body: 4096, tls_handshake_timeout: 750,
    wire_max_nodes: 256,
  });
  assert.deepEqual(config.limits, {
    maxFrameSize: 65535, maxPendingBytes: 1 << 20, maxConnections: 600, maxConnectionsPerIp: 10,
    frameTimeoutMs: 500, unknownIdleTimeoutMs: 2000, maxNodesPerCluster: 16, miMaxBody: 4096, tlsHandshakeTimeoutMs: 750,
    wireMaxNodes: 256,
  });
});

test('limits out of range are configuration errors naming the key', () => {
  const issues = issuesOf(() => parseConfig({ ...base0(), max_frame_size: 70000, max_nodes_per_cluster: 129, max_connections: 0, frame_timeout: 'soon' }));
  assertIssue(issues, 'max_frame_size', /at most 65535/);
  assertIssue(issues, 'max_nodes_per_cluster', /at most 128/);
  assertIssue(issues, 'max_connections', /greater than 0/);
  assertIssue(issues, 'frame_timeout', /must be an integer/);
});
