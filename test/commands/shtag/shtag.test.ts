import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { clBin, repoRoot, runCl, startNodeProcess, type NodeProcess } from '../../helpers/cli.js';
import { eventually } from '../../helpers/eventually.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';
import { TIMING_PRESETS } from '../../../src/engine/config/presets.js';

/** Heartbeat timings of the tests. */
const FAST = TIMING_PRESETS.test;
const POLICY = 'vip/1: on_down=takeover, on_conflict=lowest_id';

/** Runs a shell line with `cl` meaning the built bin/run.js; bounded. */
function sh(line: string, timeoutMs = 20_000): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', line], { cwd: repoRoot, env: { ...process.env, CL: `${process.execPath} ${clBin}` }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout });
    });
  });
}

async function pair(dir: string): Promise<{ n1: NodeProcess; n2: NodeProcess }> {
  const [h1, h2] = [loopbackHost(), loopbackHost()];
  const [u1, u2] = [`bin:${h1}:${await freePort(h1)}`, `bin:${h2}:${await freePort(h2)}`];
  const cfg = (id: number, me: string, other: string, otherId: number) => ({
    my_node_id: id,
    db_mode: 0,
    my_node_info: `cluster_id=1, url=${me}`,
    neighbor_node_info: `cluster_id=1, node_id=${otherId}, url=${other}`,
    sharing_tag: `vip/1=${id === 1 ? 'active' : 'backup'}`,
    sharing_tag_policy: POLICY,
    control_socket: join(dir, `n${id}.sock`),
    state_file: join(dir, `n${id}.peers.json`),
    ...FAST,
  });
  const n1 = await startNodeProcess(dir, 'n1', cfg(1, u1, u2, 2));
  try {
    return { n1, n2: await startNodeProcess(dir, 'n2', cfg(2, u2, u1, 1)) };
  } catch (err) {
    await n1.kill();
    throw err;
  }
}

test('cl shtag: list, get (exit 0/1, usable in `if`), set-active, set … backup refused, kill -9 → takeover', async () => {
  const { dir, cleanup } = tempDir();
  const { n1, n2 } = await pair(dir);
  const s1 = ['-s', n1.socket];
  const s2 = ['-s', n2.socket];
  try {
    await eventually(async () => (await runCl(['shtag', 'get', 'vip/1', ...s2])).stdout.trim() === 'backup' && (await runCl(['shtag', 'get', 'vip/1', ...s1])).code === 0, {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: 'node 1 active, node 2 backup',
    });
    const get1 = await runCl(['shtag', 'get', 'vip/1', ...s1]);
    assert.deepEqual([get1.code, get1.stdout], [0, 'active\n']);
    const get2 = await runCl(['shtag', 'get', 'vip/1', ...s2]);
    assert.deepEqual([get2.code, get2.stdout], [1, 'backup\n']);

    const ifs = await sh(`for s in ${n1.socket} ${n2.socket}; do if $CL shtag get vip/1 -s $s >/dev/null; then echo ACTIVE; else echo BACKUP; fi; done`);
    assert.deepEqual([ifs.code, ifs.stdout], [0, 'ACTIVE\nBACKUP\n']);
    const direct = await sh(`if node bin/run.js shtag get vip/1 -s ${n2.socket}; then echo yes; else echo "no ($?)"; fi`);
    assert.equal(direct.stdout, 'backup\nno (1)\n');

    const list = await runCl(['shtag', 'list', ...s2]);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^TAG\s+CLUSTER\s+STATE\s+SINCE\s+REASON\n/);
    assert.match(list.stdout, /\nvip\s+1\s+backup\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(\d+s ago\)\s+configured\n/);
    const json = JSON.parse((await runCl(['shtag', 'list', '--json', ...s1])).stdout) as { tag: string; state: string; reason: string }[];
    assert.deepEqual(json.map((r) => [r.tag, r.state, r.reason]), [['vip', 'active', 'configured']]);

    const jget = await runCl(['shtag', 'get', 'vip/1', '--json', ...s2]);
    assert.equal(jget.code, 1);
    assert.deepEqual(Object.keys(JSON.parse(jget.stdout) as object), ['tag', 'cluster_id', 'state', 'since', 'reason'], 'snake_case, as every --json result');

    // an unknown tag is created (OpenSIPS parity), and says so; --no-create refuses it
    const created = await runCl(['shtag', 'get', 'nosuch/1', '--json', ...s1]);
    assert.deepEqual([created.code, (JSON.parse(created.stdout) as { created?: boolean }).created], [1, true]);
    const again = await runCl(['shtag', 'get', 'nosuch/1', '--json', ...s1]);
    assert.equal((JSON.parse(again.stdout) as { created?: boolean }).created, undefined, 'known now');
    const refused = await runCl(['shtag', 'get', 'other/1', '--no-create', ...s1]);
    assert.equal(refused.code, 5);
    assert.match(refused.stderr, /^error: Sharing tag not found: sharing tag other\/1 is not known to this node, and create is 0 \(its tags: /);
    const listed = JSON.parse((await runCl(['shtag', 'list', '--json', ...s1])).stdout) as { tag: string }[];
    assert.ok(!listed.some((r) => r.tag === 'other'), '--no-create created nothing');

    // errors: the node's MI error → 5; bad STATE word → usage 2; no node → 3
    const bad = await runCl(['shtag', 'get', 'vip', ...s1]);
    assert.deepEqual([bad.code, bad.stderr.trim()], [5, 'error: Bad tag format <name/cluster_id>']);
    const badJson = await runCl(['shtag', 'get', 'vip', '--json', ...s1]);
    assert.deepEqual([badJson.code, JSON.parse(badJson.stdout)], [5, { error: { code: 'CL_ERR_SHTAG_BAD_FORMAT', message: 'Bad tag format <name/cluster_id>', exit: 5, rpc_code: 400 } }]);
    const unknownCluster = await runCl(['shtag', 'set-active', 'vip/9', ...s1]);
    assert.deepEqual([unknownCluster.code, unknownCluster.stderr.trim()], [5, 'error: Cluster ID not found: cluster 9 is not defined on this node']);
    const backup = await runCl(['shtag', 'set', 'vip/1', 'backup', ...s1]);
    assert.equal(backup.code, 2, 'backup is not offered: a usage error');
    assert.match(backup.stderr, /^error: bad STATE 'backup': expected active \(active: the only state a node takes by itself\)/);
    assert.equal((await runCl(['shtag', 'set', 'vip/1', 'standby', ...s1])).code, 2);
    assert.equal((await runCl(['shtag', 'get', 'vip/1', '-s', join(dir, 'none.sock')])).code, 3);

    // set (active) and set-active move the tag
    const set = await runCl(['shtag', 'set', 'vip/1', 'active', ...s2]);
    assert.deepEqual([set.code, set.stdout], [0, 'OK\n']);
    await eventually(async () => (await runCl(['shtag', 'get', 'vip/1', ...s1])).code === 1, { timeoutMs: 5000, intervalMs: 50, what: 'node 1 backup' });
    assert.deepEqual((await runCl(['shtag', 'set-active', 'vip/1', ...s1])).stdout, 'OK\n');
    await eventually(async () => (await runCl(['shtag', 'get', 'vip/1', ...s2])).code === 1, { timeoutMs: 5000, intervalMs: 50, what: 'node 2 backup again' });

    // kill -9 the active node: node 2 takes over (on_down=takeover)
    await n1.kill();
    await eventually(async () => (await runCl(['shtag', 'get', 'vip/1', ...s2])).code === 0, { timeoutMs: 10_000, intervalMs: 50, what: 'node 2 took over' });
    const after = JSON.parse((await runCl(['shtag', 'get', 'vip/1', '--json', ...s2])).stdout) as { reason: string };
    assert.equal(after.reason, 'takeover: active node 1 down');
  } finally {
    await Promise.allSettled([n1.kill(), n2.stop()]);
    cleanup();
  }
});
