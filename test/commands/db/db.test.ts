/** `cl db …` as a user runs it, on a SQLite file; and `cl node start` in db_mode 1. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCl, startNodeProcess } from '../../helpers/cli.js';
import { eventually } from '../../helpers/eventually.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';
import { TIMING_PRESETS } from '../../../src/engine/config/presets.js';

interface Row {
  id: number;
  cluster_id: number;
  node_id: number;
  url: string;
  state: number;
  flags: string | null;
  description: string | null;
}

test('cl db init, node add ×3, list --json, remove; validation errors and their exit codes', async () => {
  const { dir, cleanup } = tempDir();
  const db = ['--db-url', `sqlite://${join(dir, 'cl.db')}`];
  // A node configuration with a relative db_url: relative to the file, so the same database.
  const cfg = join(dir, 'node.yaml');
  writeFileSync(cfg, stringify({ my_node_id: 1, db_url: 'sqlite://./cl.db' }));
  try {
    const init = await runCl(['db', 'init', ...db]);
    assert.equal(init.code, 0, init.stderr);
    assert.equal(init.stdout.trim(), `Created table clusterer (version 4) in sqlite://${join(dir, 'cl.db')}`);
    const again = await runCl(['db', 'init', '-c', cfg, '--json']);
    assert.deepEqual(JSON.parse(again.stdout), { db_url: `sqlite://${join(dir, 'cl.db')}`, table: 'clusterer', created: false, version: 4 });

    const add1 = await runCl(['db', 'node', 'add', '1', '1', 'bin:127.0.0.1:5551', '--flags', 'seed', '--description', 'Node A', ...db]);
    assert.equal(add1.code, 0, add1.stderr);
    assert.match(add1.stdout, /^Added node 1 to cluster 1 \(row id 1, bin:127\.0\.0\.1:5551\); run 'cl mi clusterer_reload'/);
    assert.equal((await runCl(['db', 'node', 'add', '1', '2', 'localhost:5552', '-c', cfg])).code, 0);
    const add3 = await runCl(['db', 'node', 'add', '1', '3', 'bin:127.0.0.1:5553', '--state', '0', '--json', ...db]);
    assert.deepEqual(JSON.parse(add3.stdout), {
      id: 3, cluster_id: 1, node_id: 3, url: 'bin:127.0.0.1:5553', state: 0, no_ping_retries: 3, priority: 50, sip_addr: null, flags: null, description: null,
    });

    const list = await runCl(['db', 'node', 'list', '--json', ...db]);
    assert.equal(list.code, 0, list.stderr);
    const rows = JSON.parse(list.stdout) as Row[];
    assert.deepEqual(rows.map((r) => [r.node_id, r.url, r.state, r.flags, r.description]), [
      [1, 'bin:127.0.0.1:5551', 1, 'seed', 'Node A'],
      [2, 'bin:127.0.0.1:5552', 1, null, null],
      [3, 'bin:127.0.0.1:5553', 0, null, null],
    ]);
    const human = await runCl(['db', 'node', 'list', '--cluster', '1', '-c', cfg]);
    assert.match(human.stdout.split('\n')[0]!, /^ID\s+CLUSTER\s+NODE\s+URL\s+STATE/);
    assert.match(human.stdout, /3\s+1\s+3\s+bin:127\.0\.0\.1:5553\s+disabled/);

    const rm = await runCl(['db', 'node', 'remove', '1', '3', ...db]);
    assert.equal(rm.code, 0, rm.stderr);
    assert.match(rm.stdout, /^Removed node 3 from cluster 1 \(row id 3\)/);
    assert.equal((JSON.parse((await runCl(['db', 'node', 'list', '--json', ...db])).stdout) as Row[]).length, 2);

    const cases: [string[], number, RegExp][] = [
      [['db', 'node', 'add', '0', '4', 'bin:127.0.0.1:5554', ...db], 2, /bad cluster_id 0: must be greater than 0/],
      [['db', 'node', 'add', '1', '4', 'bin:host.example:5554', ...db], 2, /Bad URL! .*must be an IPv4 address/],
      [['db', 'node', 'add', '1', '2', 'bin:127.0.0.1:5559', ...db], 1, /node 2 is already defined in cluster 1 \(row id 2\)/],
      [['db', 'node', 'remove', '1', '3', ...db], 1, /no row for node 3 in cluster 1/],
      [['db', 'node', 'remove', '1', 'x', ...db], 2, /bad NODE "x"/],
      [['db', 'node', 'list'], 2, /pass --db-url URL or -c node\.yaml/],
      [['db', 'node', 'list', '--db-url', 'redis://h/0'], 2, /unsupported scheme 'redis'/],
      [['db', 'node', 'list', '--db-url', `sqlite://${join(dir, 'none.db')}`], 9, /none\.db does not exist \(create it with: cl db init/],
      [['db', 'node', 'list', '--db-url', `postgres://u:hunter22@127.0.0.1:${await freePort()}/x`], 9, /cannot connect to database postgres:\/\/u:\*\*\*@127\.0\.0\.1:\d+\/x: .*ECONNREFUSED/],
    ];
    for (const [args, code, re] of cases) {
      const r = await runCl(args);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re, args.join(' '));
      assert.ok(!r.stderr.includes('hunter22'));
    }
    const asJson = await runCl(['db', 'node', 'remove', '1', '3', '--json', ...db]);
    assert.deepEqual(JSON.parse(asJson.stdout), { error: { code: 'CL_ERR_DB_NOT_FOUND', message: 'no row for node 3 in cluster 1', exit: 1 } });
  } finally {
    cleanup();
  }
});

test('cl node start in db_mode 1: cl db node add + cl mi clusterer_reload grows the cluster; an unreachable DB exits 9', async () => {
  const { dir, cleanup } = tempDir();
  const dbUrl = `sqlite://${join(dir, 'cl.db')}`;
  const urls = await Promise.all([1, 2].map(async () => {
    const host = loopbackHost();
    return `bin:${host}:${await freePort(host)}`;
  }));
  const conf = (id: number) => ({ my_node_id: id, db_url: dbUrl, ...TIMING_PRESETS.test, control_socket: join(dir, `n${id}.sock`), log_level: 'warn' });
  const started: Awaited<ReturnType<typeof startNodeProcess>>[] = [];
  try {
    assert.equal((await runCl(['db', 'init', '--db-url', dbUrl])).code, 0);
    assert.equal((await runCl(['db', 'node', 'add', '1', '1', urls[0]!, '--db-url', dbUrl])).code, 0);
    started.push(await startNodeProcess(dir, 'n1', conf(1)));
    assert.equal((await runCl(['db', 'node', 'add', '1', '2', urls[1]!, '--db-url', dbUrl])).code, 0);
    started.push(await startNodeProcess(dir, 'n2', conf(2)));
    const reload = await runCl(['mi', 'clusterer_reload', '-s', join(dir, 'n1.sock')]);
    assert.equal(reload.code, 0, reload.stderr);
    await eventually(async () => {
      const r = await runCl(['mi', 'clusterer_list', '-s', join(dir, 'n1.sock')]);
      const nodes = (JSON.parse(r.stdout) as { Clusters: { Nodes: { node_id: number; link_state: string }[] }[] }).Clusters[0]!.Nodes;
      return nodes.length === 1 && nodes[0]!.node_id === 2 && nodes[0]!.link_state === 'Up';
    }, { timeoutMs: 15_000, what: 'node 1 sees node 2 Up' });

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, stringify({ ...conf(3), db_url: `mysql://root:hunter22@127.0.0.1:${await freePort()}/test` }));
    const r = await runCl(['node', 'start', '-c', bad]);
    assert.equal(r.code, 9, r.stderr);
    assert.match(r.stderr, /^error: cannot connect to database mysql:\/\/root:\*\*\*@127\.0\.0\.1:\d+\/test: .*ECONNREFUSED/m);
    assert.ok(!r.stderr.includes('hunter22'));
  } finally {
    for (const p of started) await p.stop();
    cleanup();
  }
});
