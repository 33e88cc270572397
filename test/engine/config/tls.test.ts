import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/engine/config/index.js';
import { assertIssue, base0, issuesOf } from './helpers.js';

const NO_TLS = /is a TLS \(bins:\) address but the configuration has no tls section \(set tls: \{certificate, private_key, ca_list\}, or use bin:\)$/;

test('bins: listeners without a tls section are a configuration error naming TLS', () => {
  assertIssue(issuesOf(() => parseConfig({ ...base0(), socket: 'bins:127.0.0.1:5566' })), 'socket', /^bins:127\.0\.0\.1:5566 is a TLS \(bins:\) address but the configuration has no tls section/);
  assertIssue(issuesOf(() => parseConfig({ ...base0(), socket: ['bin:127.0.0.1:5566', 'BINS:localhost'] })), 'socket[1]', /^bins:127\.0\.0\.1:5556 is a TLS/);
  assertIssue(issuesOf(() => parseConfig({ ...base0() }, { overrides: { socket: ['bins:0.0.0.0:5566'] } })), '--socket', NO_TLS);
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

const tlsOk = { certificate: '/etc/cl/node.pem', private_key: '/etc/cl/node.key', ca_list: '/etc/cl/ca.pem' };

test('a tls section makes bins: listeners and URLs valid; defaults are TLS 1.2+ and mutual TLS', () => {
  const { config } = parseConfig({
    my_node_id: 1, db_mode: 0, my_node_info: 'cluster_id=1, url=bins:127.0.0.1:5566', socket: ['bins:127.0.0.1:5566', 'bin:127.0.0.1:5555'],
    neighbor_node_info: 'cluster_id=1, node_id=2, url=bins:127.0.0.2:5566', tls: tlsOk,
  });
  assert.deepEqual(config.tls, {
    certificate: '/etc/cl/node.pem', privateKey: '/etc/cl/node.key', caList: '/etc/cl/ca.pem', verifyPeer: true, requireCert: true,
    ciphersList: null, tlsMethod: 'TLSv1_2-', minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', listeners: [],
  });
  assert.deepEqual(config.socket.map((s) => s.url), ['bins:127.0.0.1:5566', 'bin:127.0.0.1:5555']);
  assert.equal(config.neighborNodeInfo[0]!.url, 'bins:127.0.0.2:5566');
  assert.equal(parseConfig(base0()).config.tls, null);
});

test('tls keys: required files, flags, ciphers and methods checked, unknown keys named', () => {
  const issues = issuesOf(() => parseConfig({ ...base0(), tls: { ca_list: '', verify_peer: 'maybe', tls_method: 'TLSv1', colour: 1, ciphers_list: 7 } }));
  assertIssue(issues, 'tls.certificate', /^required: the PEM file of this node's certificate$/);
  assertIssue(issues, 'tls.private_key', /^required/);
  assertIssue(issues, 'tls.ca_list', /a path to a PEM file/);
  assertIssue(issues, 'tls.verify_peer', /./);
  assertIssue(issues, 'tls.tls_method', /^TLSv1 is older than TLS 1\.2 and not supported/);
  assertIssue(issues, 'tls.colour', /^unknown parameter \(known: certificate, private_key, ca_list, verify_peer, require_cert, ciphers_list, tls_method, listeners\)$/);
  assertIssue(issues, 'tls.ciphers_list', /OpenSSL cipher list/);
  assertIssue(issuesOf(() => parseConfig({ ...base0(), tls: { certificate: 'a', private_key: 'b' } })), 'tls.ca_list', /required while verify_peer is on/);
  assert.equal(parseConfig({ ...base0(), tls: { certificate: 'a', private_key: 'b', verify_peer: 0 } }).config.tls?.caList, null);
  assertIssue(issuesOf(() => parseConfig({ ...base0(), tls: 'on' })), 'tls', /expected a mapping/);
});

test('tls_method: tls_mgm names and ranges', () => {
  const m = (v: string) => {
    const { config } = parseConfig({ ...base0(), tls: { ...tlsOk, tls_method: v } });
    return [config.tls!.minVersion, config.tls!.maxVersion];
  };
  assert.deepEqual(m('TLSv1_2'), ['TLSv1.2', 'TLSv1.2']);
  assert.deepEqual(m('TLSv1_3'), ['TLSv1.3', 'TLSv1.3']);
  assert.deepEqual(m('TLSv1_2-TLSv1_3'), ['TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(m('-TLSv1_2'), ['TLSv1.2', 'TLSv1.2']);
  assert.deepEqual(m('SSLv23'), ['TLSv1.2', 'TLSv1.3']);
  for (const [bad, re] of [['TLSv1_3-TLSv1_2', /empty range/], ['TLSv9', /unknown TLS method/], ['-', /expected a method/], ['TLSv1_1-', /older than TLS 1\.2/]] as const) {
    assertIssue(issuesOf(() => parseConfig({ ...base0(), tls: { ...tlsOk, tls_method: bad } })), 'tls.tls_method', re);
  }
});

test('tls.listeners: per-listener keys over the section\'s, each checked, each a bins: listener of this node', () => {
  const raw = {
    my_node_id: 1, db_mode: 0, my_node_info: 'cluster_id=1, url=bins:127.0.0.1:5566', socket: ['bins:127.0.0.1:5566', 'bins:10.0.0.1:5566'],
    tls: { ...tlsOk, listeners: { 'bins:10.0.0.1:5566': { certificate: '/etc/cl/outer.pem', private_key: '/etc/cl/outer.key', verify_peer: 0 } } },
  };
  const { config } = parseConfig(raw);
  assert.deepEqual(config.tls!.listeners.map((l) => [l.url, l.settings.certificate, l.settings.caList, l.settings.verifyPeer, l.settings.requireCert]), [
    ['bins:10.0.0.1:5566', '/etc/cl/outer.pem', '/etc/cl/ca.pem', false, true],
  ]);
  const issues = issuesOf(() => parseConfig({ ...raw, tls: { ...tlsOk, listeners: { 'bins:10.0.0.9:5566': {}, 'bin:10.0.0.1:5566': {}, 'bins:10.0.0.1:5566': { colour: 1, tls_method: 'TLSv1' }, nonsense: {} } } }));
  assertIssue(issues, 'tls.listeners.bins:10.0.0.9:5566', /^not one of this node's listeners \(bins:127\.0\.0\.1:5566, bins:10\.0\.0\.1:5566\)$/);
  assertIssue(issues, 'tls.listeners.bin:10.0.0.1:5566', /is not a bins: listener/);
  assertIssue(issues, 'tls.listeners.bins:10.0.0.1:5566.colour', /^unknown parameter/);
  assertIssue(issues, 'tls.listeners.bins:10.0.0.1:5566.tls_method', /older than TLS 1\.2/);
  assertIssue(issues, 'tls.listeners.nonsense', /Bad URL/);
  assert.ok(!issues.some((i) => i.key === 'tls.listeners.bins:10.0.0.1:5566.certificate'), 'keys inherited from the section are not reported again');
  assertIssue(issuesOf(() => parseConfig({ ...raw, tls: { ...tlsOk, listeners: 'all' } })), 'tls.listeners', /expected a mapping of bins: listeners/);
});
