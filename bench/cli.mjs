#!/usr/bin/env node
// Wall time of `cl mi uptime` against a running node versus a bare `node -e 0`,
// and of `cl cluster list` (a command of the full command framework) and
// `cl shtag get` (exit 1: the tag is backup), for information.
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
  const bare = [];
  const mi = [];
  const list = [];
  const tag = [];
  for (let i = 0; i < runs; i++) {
    bare.push(time(['-e', '0']));
    mi.push(time([cl, 'mi', 'uptime', '-s', sock]));
    list.push(time([cl, 'cluster', 'list', '-s', sock]));
    tag.push(time([cl, 'shtag', 'get', 'vip/1', '-s', sock], [0, 1]));
  }
  const [b, m, l, g] = [median(bare), median(mi), median(list), median(tag)];
  console.log(`runs:                 ${runs}`);
  console.log(`node -e 0 median:     ${b.toFixed(1)} ms`);
  console.log(`cl mi uptime median:  ${m.toFixed(1)} ms`);
  console.log(`ratio:                ${(m / b).toFixed(2)} (target <= 2.5)`);
  console.log(`cl cluster list median: ${l.toFixed(1)} ms (ratio ${(l / b).toFixed(2)}, information)`);
  console.log(`cl shtag get median: ${g.toFixed(1)} ms (ratio ${(g / b).toFixed(2)}, information)`);
} finally {
  node.kill('SIGTERM');
  await new Promise((r) => node.on('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
