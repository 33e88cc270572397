import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isClError } from '../../src/engine/errors.js';
import { asShtagList, asShtagRow } from '../../src/client/validators.js';
import { formatAge, formatSince, renderShtagList, renderShtagState, shtagExitCode, type ShtagRow } from '../../src/render/shtags.js';

const now = Date.parse('2026-11-21T21:00:00.000Z');
const rows: ShtagRow[] = [
  { Tag: 'newtag', Cluster: 1, State: 'backup', Since: '2026-11-21T20:59:48.000Z', Reason: 'cluster broadcast from 2' },
  { Tag: 'vip', Cluster: 1, State: 'active', Since: '2026-11-21T20:56:55.000Z', Reason: 'takeover: active node 3 down' },
];

test('renderShtagList: aligned columns, no colour when asked', () => {
  assert.equal(
    renderShtagList(rows, { color: false, now }),
    [
      'TAG     CLUSTER  STATE   SINCE                             REASON',
      'newtag  1        backup  2026-11-21 20:59:48Z (12s ago)    cluster broadcast from 2',
      'vip     1        active  2026-11-21 20:56:55Z (3m05s ago)  takeover: active node 3 down',
    ].join('\n'),
  );
  assert.equal(renderShtagList([], { color: false, now }), 'no sharing tags');
  assert.match(renderShtagList(rows, { color: true, now }), /\u001b\[32mactive/);
});

test('formatAge and formatSince', () => {
  assert.deepEqual([0, 59_999, 60_000, 3_599_000, 3_600_000, 86_400_000 + 3_600_000].map(formatAge), ['0s', '59s', '1m00s', '59m59s', '1h00m', '1d01h']);
  assert.equal(formatSince('not a date', now), 'not a date');
});

test('get: the state word; exit 0 active, 1 backup', () => {
  assert.equal(renderShtagState(rows[1]!), 'active');
  assert.equal(shtagExitCode(rows[1]!), 0);
  assert.equal(shtagExitCode(rows[0]!), 1);
});

test('replies of the wrong shape are CL_ERR_BAD_REPLY', () => {
  assert.deepEqual(asShtagList(rows), rows);
  assert.equal(asShtagRow(rows[0]), rows[0]);
  for (const bad of [null, {}, [{ Tag: 'x' }], 'OK']) assert.throws(() => asShtagList(bad), (e: unknown) => isClError(e, 'CL_ERR_BAD_REPLY'));
  assert.throws(() => asShtagRow([{ Tag: 'vip', Cluster: 1, State: 'active' }]), (e: unknown) => isClError(e, 'CL_ERR_BAD_REPLY'));
});
