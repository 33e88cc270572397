import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, until } from './cluster/fixture.js';

test('cl stats and cl sr list|reports through the built CLI: tables, --json with stable keys, -o lines, errors', async () => {
  const c = await startCluster({ size: 2 });
  try {
    const [table, json, lines, none] = await Promise.all([
      c.cl(1, 'stats', 'clusterer:'),
      c.cl(1, 'stats', 'clusterer:', 'bin_packets_sent', '--json'),
      c.cl(1, 'stats', 'clusterer:', '-o', 'lines'),
      c.cl(1, 'stats', 'nosuch_statistic'),
    ]);
    assert.equal(table.code, 0, table.stderr);
    const t = table.stdout.trimEnd().split('\n');
    assert.match(t[0]!, /^NAME +VALUE$/);
    assert.ok(t.some((l) => /^clusterer:clusterer_nodes +1$/.test(l)), table.stdout);
    const rows = JSON.parse(json.stdout) as { name: string; value: number }[];
    for (const r of rows) assert.deepEqual(Object.keys(r), ['name', 'value']);
    assert.ok(rows.some((r) => r.name === 'bin:bin_packets_sent' && r.value > 0), json.stdout);
    assert.ok(lines.stdout.split('\n').includes('clusterer:clusterer_nodes\t1'), lines.stdout);
    assert.deepEqual([none.code, none.stdout.trim()], [0, 'NAME  VALUE']);
    assert.match(none.stderr, /no statistic matches nosuch_statistic/);

    const list = await c.cl(1, 'sr', 'list', '--json');
    assert.equal(list.code, 0, list.stderr);
    const ids = JSON.parse(list.stdout) as Record<string, unknown>[];
    for (const r of ids) assert.deepEqual(Object.keys(r), ['group', 'identifier', 'ready', 'status', 'details']);
    assert.ok(ids.some((r) => r.group === 'clusterer' && r.identifier === 'node_states' && r.ready === true && r.status === 1), list.stdout);
    const listTable = await c.cl(1, 'sr', 'list', 'clusterer');
    assert.match(listTable.stdout.split('\n')[0]!, /^GROUP +IDENTIFIER +READY +STATUS +DETAILS$/);
    assert.match(listTable.stdout, /^clusterer +node_states +yes +1 +-$/m);

    const reports = await until(() => c.cl(1, 'sr', 'reports', 'clusterer', 'node_states', '--json'), (r) => r.code === 0 && r.stdout.includes('is UP'), 'node 2 UP reported');
    const reps = JSON.parse(reports.stdout) as Record<string, unknown>[];
    for (const r of reps) assert.deepEqual(Object.keys(r), ['group', 'identifier', 'timestamp', 'date', 'log']);
    assert.ok(reps.some((r) => r.log === 'Node [2], cluster [1] is UP'), reports.stdout);
    const repTable = await c.cl(1, 'sr', 'reports', 'clusterer');
    assert.match(repTable.stdout.split('\n')[0]!, /^IDENTIFIER +DATE +LOG$/);
    assert.match(repTable.stdout, /^node_states +\w{3} \w{3} .+ Node \[2\], cluster \[1\] is UP$/m);

    const [badGroup, badGroupJson, missing] = await Promise.all([c.cl(1, 'sr', 'list', 'nope'), c.cl(1, 'sr', 'reports', 'nope', '--json'), c.cl(1, 'sr', 'reports')]);
    assert.deepEqual([badGroup.code, badGroup.stderr], [5, 'error: Group not found\n']);
    assert.equal((JSON.parse(badGroupJson.stdout) as { error: { exit: number } }).error.exit, 5);
    assert.equal(missing.code, 2, missing.stderr);
  } finally {
    await c.stop();
  }
});
