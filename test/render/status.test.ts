import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asStatus } from '../../src/client/validators.js';
import { renderStatus, type StatusResult } from '../../src/render/status.js';

const now = Date.parse('2026-12-03T08:00:00.000Z');
const base: StatusResult = {
  node_id: 1,
  version: '0.1.0',
  pid: 7,
  started_at: '2026-12-03T07:59:55.000Z',
  uptime_ms: 5000,
  db_mode: 0,
  clusters: [],
  sharing_tags: [],
  capabilities: [],
  events: [],
};

test('renderStatus: the capabilities with state, donor, received/expected and synced nodes', () => {
  const s: StatusResult = {
    ...base,
    capabilities: [
      { cluster_id: 1, capability: 'cachedb-local-repl', state: 'synced', enabled: true, donor: null, received: 120, expected: 120, synced_nodes: [1, 2, 3] },
      { cluster_id: 2, capability: 'dialog-dlg-repl', state: 'sync in progress', enabled: true, donor: 3, received: 40, expected: 0, synced_nodes: [3] },
      { cluster_id: 2, capability: 'usrloc-repl', state: 'not synced', enabled: false, donor: null, received: 0, expected: 0, synced_nodes: [] },
    ],
  };
  const text = renderStatus(s, { color: false, now });
  const block = text.slice(text.indexOf('capabilities\n'), text.indexOf('\n\nrecent events'));
  assert.equal(
    block,
    [
      'capabilities',
      '  CAPABILITY          CLUSTER  STATE             STATUS    DONOR  RECEIVED  SYNCED NODES',
      '  cachedb-local-repl  1        synced            enabled   -      120/120   1,2,3',
      '  dialog-dlg-repl     2        sync in progress  enabled   3      40        3',
      '  usrloc-repl         2        not synced        disabled  -      -         -',
    ].join('\n'),
  );
  const coloured = renderStatus(s, { color: true, now });
  assert.match(coloured, /\u001b\[32msynced/);
  assert.match(coloured, /\u001b\[31mnot synced/);
});

test('renderStatus: no capability registered reads "none"', () => {
  assert.match(renderStatus(base, { color: false, now }), /^capabilities\n {2}none$/m);
});

test('the cl_status validator wants the capabilities list', () => {
  assert.equal(asStatus(base).capabilities.length, 0);
  const { capabilities: _, ...old } = base;
  assert.throws(() => asStatus(old), /capabilities/);
});
