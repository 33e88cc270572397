import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LEGACY_ALIASES, OBSOLETE_KEYS, parseConfig, type NodeConfig } from '../../../src/engine/config/index.js';
import { assertIssue, base0, issuesOf } from './helpers.js';

/** For each legacy name: a config using it and what must come out. */
const CASES: Record<string, [Record<string, unknown>, (c: NodeConfig) => unknown, unknown]> = {
  current_id: [{ current_id: 7 }, (c) => c.myNodeId, 7],
  server_id: [{ server_id: 7 }, (c) => c.myNodeId, 7],
  current_info: [{ db_mode: 0, current_info: 'cluster_id=1, node_id=5, url=bin:127.0.0.1:5566' }, (c) => c.myNodeInfo[0]?.nodeId, 5],
  neighbor_info: [{ ...base0(), neighbor_info: 'cluster_id=1,node_id=2,url=bin:127.0.0.1:5567' }, (c) => c.neighborNodeInfo[0]?.nodeId, 2],
  machine_id_col: [{ my_node_id: 1, machine_id_col: 'machine_id' }, (c) => c.columns.nodeId, 'machine_id'],
  clusterer_id_col: [{ my_node_id: 1, clusterer_id_col: 'clusterer_id' }, (c) => c.columns.id, 'clusterer_id'],
  failed_attempts_col: [{ my_node_id: 1, failed_attempts_col: 'failed_attempts' }, (c) => c.columns.noPingRetries, 'failed_attempts'],
  db_bridge_table: [{ my_node_id: 1, db_bridge_table: 'bridges' }, (c) => c.dbBridgesTable, 'bridges'],
};

test('every legacy alias maps to its new name and warns', () => {
  assert.deepEqual(Object.keys(CASES).sort(), Object.keys(LEGACY_ALIASES).sort());
  for (const [old, [raw, get, want]] of Object.entries(CASES)) {
    const { config, warnings } = parseConfig(raw);
    assert.deepEqual(get(config), want, old);
    assert.ok(warnings.includes(`\`${old}\` is deprecated, use \`${LEGACY_ALIASES[old]!.key}\``), `${old}: ${warnings}`);
  }
});

test('alias and new name together are an error naming the alias', () => {
  for (const [old, { key }] of Object.entries(LEGACY_ALIASES)) {
    const raw: Record<string, unknown> = { my_node_id: 1, [old]: CASES[old]![0][old], [key]: CASES[old]![0][old] };
    assertIssue(issuesOf(() => parseConfig(raw)), old, new RegExp(`both \`${old}\` and \`${key}\` are given`));
  }
  // Two legacy names for the same parameter clash as well.
  assertIssue(issuesOf(() => parseConfig({ current_id: 1, server_id: 1 })), 'current_id', /both `current_id` and `server_id`/);
});

test('a legacy column alias renames the node-info property too', () => {
  const { config } = parseConfig({ ...base0(), machine_id_col: 'machine_id', neighbor_node_info: 'cluster_id=1, machine_id=2, url=bin:127.0.0.1:5567' });
  assert.equal(config.neighborNodeInfo[0]!.nodeId, 2);
});

test('obsolete parameters without successor are ignored with a warning', () => {
  for (const old of Object.keys(OBSOLETE_KEYS)) {
    const { warnings } = parseConfig({ my_node_id: 1, [old]: 'x' });
    assert.ok(warnings.some((w) => w.startsWith(`\`${old}\` is obsolete`)), old);
  }
});

test('unknown keys are errors, with a suggestion when close', () => {
  const issues = issuesOf(() => parseConfig({ my_node_id: 1, ping_intervall: 2, my_nodeid: 3, db_tabel: 'x', totally_unrelated: 1, curent_id: 1 }));
  assertIssue(issues, 'ping_intervall', /^unknown parameter; did you mean `ping_interval`\?$/);
  assertIssue(issues, 'my_nodeid', /did you mean `my_node_id`/);
  assertIssue(issues, 'db_tabel', /did you mean `db_table`/);
  assertIssue(issues, 'totally_unrelated', /^unknown parameter$/);
  // A typo of a legacy name suggests the current name.
  assertIssue(issues, 'curent_id', /did you mean `my_node_id`/);
});
