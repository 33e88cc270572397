import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/engine/config/index.js';
import { assertIssue, base0, issuesOf } from './helpers.js';

const NO_TLS = /is a TLS \(bins:\) address but the configuration has no tls section \(set tls: \{certificate, private_key, ca_list\}, or use bin:\)$/;

test('bins: listeners without a tls section are a configuration error naming TLS', () => {
  assertIssue(issuesOf(() => parseConfig({ ...base0(), socket: 'bins:127.0.0.1:5566' })), 'socket', /^bins:127\.0\.0\.1:5566 is a TLS \(bins:\) address but the configuration has no tls section/);
  assertIssue(issuesOf(() => parseConfig({ ...base0(), socket: ['bin:127.0.0.1:5566', 'BINS:localhost'] })), 'socket[1]', /^bins:127\.0\.0\.1:5556 is a TLS/);
  assertIssue(issuesOf(() => parseConfig({ ...base0() }, { overrides: { socket: ['bins:0.0.0.0:5566'] } })), 'socket[0]', NO_TLS);
});

test('bins: node URLs in my_node_info and neighbor_node_info without a tls section are a configuration error naming TLS', () => {
  assertIssue(issuesOf(() => parseConfig({ my_node_id: 1, db_mode: 0, my_node_info: 'cluster_id=1, url=bins:127.0.0.1:5566' })), 'my_node_info', NO_TLS);
  const neighbours = ['cluster_id=1, node_id=2, url=bin:127.0.0.2:5566', 'cluster_id=1, node_id=3, url=bins:127.0.0.3:5566'];
  assertIssue(issuesOf(() => parseConfig({ ...base0(), neighbor_node_info: neighbours })), 'neighbor_node_info[1]', /^bins:127\.0\.0\.3:5566 is a TLS/);
});

test('the message reads as one line of the configuration error', () => {
  assert.throws(
    () => parseConfig({ ...base0(), socket: 'bins:127.0.0.1:5566' }, { source: 'n.yaml' }),
    (e: unknown) => e instanceof Error && e.message.includes('\nsocket: bins:127.0.0.1:5566 is a TLS (bins:) address but the configuration has no tls section'),
  );
});
