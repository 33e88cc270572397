import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_COLUMNS } from '../../../src/engine/config/index.js';
import { isClError } from '../../../src/engine/errors.js';
import { selectNodes } from '../../../src/engine/provisioning/load.js';

const row = (id: number, nodeId: number, url: string) => ({
  id, cluster_id: 1, node_id: nodeId, url, state: 1, no_ping_retries: 3, priority: 50, sip_addr: null, flags: null, description: null,
});

test('db_mode 1: a bins: row of another node is skipped with the TLS reason', () => {
  const p = selectNodes([row(1, 1, 'bin:10.0.0.1:5566'), row(2, 2, 'bins:10.0.0.2:5566'), row(3, 3, 'bin:10.0.0.3:5566')], DEFAULT_COLUMNS, 1);
  assert.deepEqual(p.neighborNodeInfo.map((n) => n.nodeId), [3]);
  assert.deepEqual(p.rejected, [{ id: 2, reason: 'bins:10.0.0.2:5566 is a TLS (bins:) address but the configuration has no tls section (set tls: {certificate, private_key, ca_list}, or use bin:)' }]);
});

test('db_mode 1: a bins: row of the local node is refused like any bad local row (CL_ERR_DB)', () => {
  assert.throws(
    () => selectNodes([row(4, 1, 'bins:10.0.0.1:5566')], DEFAULT_COLUMNS, 1),
    (e: unknown) => isClError(e, 'CL_ERR_DB') && e.message === 'Invalid info for local node (row id 4): bins:10.0.0.1:5566 is a TLS (bins:) address but the configuration has no tls section (set tls: {certificate, private_key, ca_list}, or use bin:)',
  );
});

test('db_mode 1 with a tls section: bins: rows are kept, the local one too', () => {
  const p = selectNodes([row(1, 1, 'bins:10.0.0.1:5566'), row(2, 2, 'bins:10.0.0.2:5566'), row(3, 3, 'bin:10.0.0.3:5566')], DEFAULT_COLUMNS, 1, true);
  assert.deepEqual(p.myNodeInfo.map((n) => n.url), ['bins:10.0.0.1:5566']);
  assert.deepEqual(p.neighborNodeInfo.map((n) => n.url), ['bins:10.0.0.2:5566', 'bin:10.0.0.3:5566']);
  assert.deepEqual(p.rejected, []);
});
