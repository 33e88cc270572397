import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TIMING_PRESETS } from '../../src/engine/config/presets.js';
import { clBin, repoRoot, runCl, startNodeProcess, type CliResult, type NodeProcess } from '../helpers/cli.js';
import { eventually } from '../helpers/eventually.js';
import { freePort, loopbackHost } from '../helpers/ports.js';
import { tempDir } from '../helpers/tmp.js';

const SCRIPT = join(repoRoot, 'examples', 'keepalived', 'cl-shtag-notify.sh');

let tmp: ReturnType<typeof tempDir>;
let nodes: NodeProcess[] = [];
/** A `cl` on PATH, as an installed one would be. */
let binDir: string;

before(async () => {
  tmp = tempDir('cl-keepalived-');
  binDir = join(tmp.dir, 'bin');
  mkdirSync(binDir);
  writeFileSync(join(binDir, 'cl'), `#!/bin/sh\nexec '${process.execPath}' '${clBin}' "$@"\n`);
  chmodSync(join(binDir, 'cl'), 0o755);
  const hosts = [loopbackHost(), loopbackHost()];
  const urls = await Promise.all(hosts.map(async (h) => `bin:${h}:${await freePort(h)}`));
  const config = (id: number, tag: string): Record<string, unknown> => ({
    my_node_id: id,
    db_mode: 0,
    my_node_info: `cluster_id=1, url=${urls[id - 1]}`,
    neighbor_node_info: [`cluster_id=1, node_id=${3 - id}, url=${urls[2 - id]}`],
    control_socket: join(tmp.dir, `n${id}.sock`),
    sharing_tag: tag,
    log_level: 'warn',
    ...TIMING_PRESETS.test,
  });
  nodes = [await startNodeProcess(tmp.dir, 'n1', config(1, 'vip/1=active')), await startNodeProcess(tmp.dir, 'n2', config(2, 'vip/1=backup'))];
  await eventually(async () => (await tagState(1)) === 'active' && (await tagState(2)) === 'backup', { timeoutMs: 15_000, what: 'vip/1 active on node 1, backup on node 2' });
});

after(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  tmp?.cleanup();
});

/** State of vip/1 on node k, read with the built cl. */
async function tagState(k: number, tag = 'vip'): Promise<string | undefined> {
  const r = await runCl(['shtag', 'list', '--json', '-s', join(tmp.dir, `n${k}.sock`)]);
  if (r.code !== 0) return undefined;
  return (JSON.parse(r.stdout) as { tag: string; state: string }[]).find((t) => t.tag === tag)?.state;
}

/** Runs the notify script with a shell, as keepalived would, against node k. */
function notify(k: number, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn('sh', [SCRIPT, ...args], {
      env: { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ''}`, CL_SOCKET: join(tmp.dir, `n${k}.sock`), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

test('keepalived notify_master: the script makes this node active for the tag; the former owner becomes backup', async () => {
  const r = await notify(2, ['master', 'vip/1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /MASTER: vip\/1 is active on this node \(OK\)/);
  assert.equal(await tagState(2), 'active');
  await eventually(async () => (await tagState(1)) === 'backup', { timeoutMs: 10_000, what: 'node 1 backup for vip/1' });
});

test('keepalived generic notify (INSTANCE NAME STATE PRIORITY): MASTER takes the tag from CL_SHTAG, BACKUP changes nothing', async () => {
  const m = await notify(1, ['INSTANCE', 'VI_1', 'MASTER', '100'], { CL_SHTAG: 'vip/1' });
  assert.equal(m.code, 0, m.stderr);
  assert.equal(await tagState(1), 'active');
  await eventually(async () => (await tagState(2)) === 'backup', { timeoutMs: 10_000, what: 'node 2 backup for vip/1' });
  const b = await notify(1, ['INSTANCE', 'VI_1', 'BACKUP', '100'], { CL_SHTAG: 'vip/1' });
  assert.equal(b.code, 0, b.stderr);
  assert.match(b.stderr, /BACKUP for vip\/1: nothing to do/);
  assert.equal(await tagState(1), 'active');
});

test('keepalived notify: bad arguments exit 2 naming what is wrong; a node that does not answer is cl\'s exit code after the tries', async () => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [[], {}, /expected 2 arguments .* got 0/],
    [['master', 'vip'], {}, /sharing tag 'vip' must be NAME\/CLUSTER/],
    [['promote', 'vip/1'], {}, /unknown state 'promote'/],
    [['INSTANCE', 'VI_1', 'MASTER'], { CL_SHTAG: '' }, /CL_SHTAG is not set: which sharing tag goes with INSTANCE VI_1\?/],
    [['NODE', 'VI_1', 'MASTER'], {}, /expected INSTANCE or GROUP .* got 'NODE'/],
    [['master', 'vip/1'], { CL_NOTIFY_TRIES: 'x' }, /CL_NOTIFY_TRIES must be a whole number, got 'x'/],
  ];
  for (const [args, env, re] of cases) {
    const r = await notify(1, args, env);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
  }
  const gone = await notify(1, ['master', 'vip/1'], { CL_SOCKET: join(tmp.dir, 'none.sock'), CL_NOTIFY_TRIES: '1' });
  assert.equal(gone.code, 3, gone.stderr);
  assert.match(gone.stderr, /MASTER: could not make vip\/1 active \(exit 3\)/);
});
