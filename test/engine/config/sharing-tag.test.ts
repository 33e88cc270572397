import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigValueError, formatSharingTag, parseSharingTag } from '../../../src/engine/config/index.js';

test('parseSharingTag: string forms', () => {
  assert.deepEqual(parseSharingTag('vip/1=active'), { name: 'vip', clusterId: 1, state: 'active' });
  assert.deepEqual(parseSharingTag('  vip1 / 2 =  backup '), { name: 'vip1', clusterId: 2, state: 'backup' });
  // Names are case-sensitive and kept as written.
  assert.equal(parseSharingTag('VIP/10=backup').name, 'VIP');
});

test('parseSharingTag: structured form', () => {
  assert.deepEqual(parseSharingTag({ name: 'vip', cluster_id: 3, state: 'backup' }), { name: 'vip', clusterId: 3, state: 'backup' });
  assert.deepEqual(parseSharingTag({ name: 'vip', cluster_id: '3', state: 'active' }), { name: 'vip', clusterId: 3, state: 'active' });
});

test('parseSharingTag: state must be exactly active or backup (no prefix match)', () => {
  for (const s of ['vip/1=act', 'vip/1=', 'vip/1=Active', 'vip/1=activex', 'vip/1=1']) {
    assert.throws(() => parseSharingTag(s), /expected exactly 'active' or 'backup'/, s);
  }
});

test('parseSharingTag: malformed definitions', () => {
  const cases: Array<[unknown, RegExp]> = [
    ['vip1=active', /expected "name\/cluster_id=active\|backup"/],
    ['vip/1', /expected "name\/cluster_id=active\|backup"/],
    ['/1=active', /bad tag name/],
    ['vip/x=active', /bad cluster id "x"/],
    ['vip/0=active', /bad cluster id "0"/],
    ['vip/-1=active', /bad cluster id/],
    [{ name: 'vip', cluster_id: 1, state: 'active', extra: 1 }, /unknown property 'extra'/],
    [{ cluster_id: 1, state: 'active' }, /bad tag name nothing/],
    [42, /expected "name\/cluster_id=active\|backup" or a mapping/],
  ];
  for (const [input, re] of cases) {
    assert.throws(() => parseSharingTag(input), (e: unknown) => e instanceof ConfigValueError && re.test(e.message), String(input));
  }
});

test('parseSharingTag: reports every problem of one definition', () => {
  assert.throws(() => parseSharingTag('/x=act'), (e: unknown) => e instanceof ConfigValueError && e.problems.length === 3);
});

test('formatSharingTag', () => {
  assert.equal(formatSharingTag({ name: 'vip', clusterId: 1, state: 'active' }), 'vip/1=active');
});
