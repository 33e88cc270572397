#!/usr/bin/env node
// Wall time of the commands an operator runs most, against a running node,
// versus a bare `node -e 0` in the same run: `cl mi uptime`, `cl cluster list
// --json`, `cl shtag list`, `cl status`, `cl --help`, `cl shtag get` (exit 1:
// the tag is backup) and `cl db node list`; target: every ratio at most 2.0.
// Usage: npm run build && node bench/cli.mjs [runs=20]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 20);
const root = fileURLToPath(new URL('..', import.meta.url));
const cl = join(root, 'bin', 'run.js');
const dir = mkdtempSync(join(tmpdir(), 'cl-bench-'));
const sock = join(dir, 'bench.sock');

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
writeFileSync(join(dir, 'node.yaml'), `my_node_id: 1\ndb_mode: 0\nmy_node_info: "cluster_id=1, url=bin:127.0.0.1:${port}"\ncontrol_socket: ${sock}\nlog_level: warn\n`);
const node = spawn(process.execPath, [cl, 'node', 'start', '-c', join(dir, 'node.yaml')], { stdio: 'inherit' });

const time = (args, okStatus = [0]) => {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (!okStatus.includes(r.status)) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return ms;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = spawnSync(process.execPath, [cl, 'mi', 'uptime', '-s', sock], { stdio: 'ignore' });
    if (r.status === 0) break;
    if (Date.now() > deadline) throw new Error('node did not come up');
  }
  time(['-e', '0']); // warm the file cache
  const db = `sqlite://${join(dir, 'bench.db')}`;
  spawnSync(process.execPath, [cl, 'db', 'init', '--db-url', db], { stdio: 'ignore' });
  const commands = {
    'cl mi uptime': [[cl, 'mi', 'uptime', '-s', sock]],
    'cl cluster list --json': [[cl, 'cluster', 'list', '--json', '-s', sock]],
    'cl shtag list': [[cl, 'shtag', 'list', '-s', sock]],
    'cl status': [[cl, 'status', '-s', sock]],
    'cl --help': [[cl, '--help']],
    'cl shtag get': [[cl, 'shtag', 'get', 'vip/1', '-s', sock], [0, 1]],
    'cl db node list': [[cl, 'db', 'node', 'list', '--db-url', db]],
  };
  const bare = [];
  const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    bare.push(time(['-e', '0']));
    for (const [name, [args, ok]] of Object.entries(commands)) times[name].push(time(args, ok));
  }
  const b = median(bare);
  console.log(`runs: ${runs}${process.env.NODE_EXTRA_CA_CERTS ? ' (NODE_EXTRA_CA_CERTS set)' : ''}`);
  console.log(`node -e 0 median: ${b.toFixed(1)} ms`);
  for (const [name, xs] of Object.entries(times)) {
    const m = median(xs);
    console.log(`${name.padEnd(24)} ${m.toFixed(1).padStart(6)} ms  ratio ${(m / b).toFixed(2)}${m / b > 2 ? '  (over the 2.0 target)' : ''}`);
  }
} finally {
  node.kill('SIGTERM');
  await new Promise((r) => node.on('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
