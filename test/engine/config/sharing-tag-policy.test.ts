import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigValueError, formatSharingTagPolicy, parseConfig, parseSharingTagPolicy } from '../../../src/engine/config/index.js';
import { assertIssue, base0, issuesOf } from './helpers.js';

test('parseSharingTagPolicy: string form', () => {
  assert.deepEqual(parseSharingTagPolicy('vip/1: on_down=takeover, on_conflict=lowest_id'), { name: 'vip', clusterId: 1, onDown: 'takeover', onConflict: 'lowest_id' });
  assert.deepEqual(parseSharingTagPolicy(' VIP / 2 :on_conflict = keep_oldest '), { name: 'VIP', clusterId: 2, onDown: 'none', onConflict: 'keep_oldest' });
});

test('parseSharingTagPolicy: mapping form', () => {
  assert.deepEqual(parseSharingTagPolicy({ tag: 'vip/3', on_down: 'takeover', on_conflict: 'keep_oldest' }), { name: 'vip', clusterId: 3, onDown: 'takeover', onConflict: 'keep_oldest' });
  assert.deepEqual(parseSharingTagPolicy({ tag: 'vip/3', on_down: 'none' }), { name: 'vip', clusterId: 3, onDown: 'none', onConflict: 'none' });
});

test('parseSharingTagPolicy: every problem is named', () => {
  const cases: Array<[unknown, RegExp]> = [
    ['vip/1', /expected "name\/cluster_id: on_down=/],
    ['vip/1:', /no option given/],
    ['vip: on_down=takeover', /bad tag "vip", expected name\/cluster_id/],
    ['vip/0: on_down=takeover', /bad cluster id "0"/],
    ['vip/1: on_down=failover', /bad on_down "failover", expected one of none, takeover/],
    ['vip/1: on_conflict=highest_id', /bad on_conflict "highest_id", expected one of none, lowest_id, keep_oldest/],
    ['vip/1: on_down=takeover, on_down=none', /option 'on_down' given twice/],
    ['vip/1: prio=3', /unknown option 'prio'/],
    ['vip/1: on_down', /option 'on_down' has no value/],
    [{ tag: 3, on_down: 'takeover' }, /bad tag 3/],
    [{ tag: 'vip/1', ondown: 'takeover' }, /unknown option 'ondown'/],
    [42, /or a mapping/],
  ];
  for (const [input, re] of cases) {
    assert.throws(() => parseSharingTagPolicy(input), (e: unknown) => e instanceof ConfigValueError && re.test(e.message), String(JSON.stringify(input)));
  }
});

test('formatSharingTagPolicy', () => {
  assert.equal(formatSharingTagPolicy({ name: 'vip', clusterId: 1, onDown: 'takeover', onConflict: 'lowest_id' }), 'vip/1: on_down=takeover, on_conflict=lowest_id');
});

test('sharing_tag_policy in a configuration: list, single value, default empty', () => {
  assert.deepEqual(parseConfig(base0()).config.sharingTagPolicies, []);
  const { config, warnings } = parseConfig({ ...base0(), sharing_tag_policy: ['vip/1: on_down=takeover, on_conflict=lowest_id', { tag: 'db/1', on_conflict: 'keep_oldest' }] });
  assert.deepEqual(config.sharingTagPolicies, [
    { name: 'vip', clusterId: 1, onDown: 'takeover', onConflict: 'lowest_id' },
    { name: 'db', clusterId: 1, onDown: 'none', onConflict: 'keep_oldest' },
  ]);
  assert.deepEqual(warnings, []);
  assert.equal(parseConfig({ ...base0(), sharing_tag_policy: 'vip/1: on_conflict=lowest_id' }).config.sharingTagPolicies.length, 1);
});

test('sharing_tag_policy: problems are issues keyed by index; duplicates refused', () => {
  const issues = issuesOf(() => parseConfig({ ...base0(), sharing_tag_policy: ['vip/1: on_down=maybe', 'x/1: on_conflict=lowest_id', 'x/1: on_down=takeover, on_conflict=lowest_id'] }));
  assertIssue(issues, 'sharing_tag_policy[0]', /bad on_down "maybe"/);
  assertIssue(issues, 'sharing_tag_policy[2]', /duplicate policy for tag x\/1/);
});

test('sharing_tag_policy: unknown cluster dropped with a warning; takeover without on_conflict warned', () => {
  const { config, warnings } = parseConfig({ ...base0(), sharing_tag_policy: ['vip/9: on_conflict=lowest_id', 'vip/1: on_down=takeover'] });
  assert.deepEqual(config.sharingTagPolicies.map((p) => p.clusterId), [1]);
  assert.ok(warnings.some((w) => /cluster id \[9\] required by the policy of tag <vip> not found/.test(w)), warnings.join('\n'));
  assert.ok(warnings.some((w) => /on_down=takeover without on_conflict/.test(w)), warnings.join('\n'));
});

test('sharing_tag_policy: typo gets a hint', () => {
  assertIssue(issuesOf(() => parseConfig({ ...base0(), sharing_tag_polcy: 'vip/1: on_down=takeover' })), 'sharing_tag_polcy', /did you mean `sharing_tag_policy`/);
});
