import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, linkSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { eventually } from '../helpers/eventually.js';
import { loopbackHost } from '../helpers/ports.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * `npm start` runs `sh -c "npm run build && node scripts/local-cluster.mjs"`;
 * npm killed with SIGTERM passes the signal to that shell only, which dies
 * and leaves the script orphaned. The script must stop its nodes then, and a
 * second start must come up whatever files the first one left.
 */
function startLocalCluster(env: NodeJS.ProcessEnv): { pid: number; output: () => string; exited: Promise<void> } {
  const script = join(repoRoot, 'scripts', 'local-cluster.mjs');
  const child = spawn('sh', ['-c', `"${process.execPath}" "${script}" --no-db && true`], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  return { pid: child.pid ?? 0, output: () => out, exited };
}

/** Leaves a socket file at `path` that nobody listens on, as a node killed with -9 does. */
async function staleSocket(path: string): Promise<void> {
  const tmp = `${path}.tmp`;
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(tmp, r));
  linkSync(tmp, path);
  await new Promise<void>((r) => srv.close(() => r()));
  if (existsSync(tmp)) unlinkSync(tmp);
}

test('the local cluster stops with the shell that ran it, and starts again over its leftovers', { timeout: 90_000 }, async () => {
  const { dir, cleanup } = tempDir('cl-local-');
  const env = { CL_LOCAL_HOST: loopbackHost(), CL_LOCAL_DIR: dir };
  const sockets = [1, 2, 3].map((i) => join(dir, `cl-node${i}.sock`));
  try {
    const first = startLocalCluster(env);
    await eventually(() => first.output().includes('Local cluster up'), { timeoutMs: 30_000, what: `first start:\n${first.output()}` });
    assert.ok(sockets.every((s) => existsSync(s)), 'every node has its control socket');
    process.kill(first.pid, 'SIGTERM');
    await first.exited;
    // The orphaned script notices and stops its nodes, which remove their sockets.
    await eventually(() => sockets.every((s) => !existsSync(s)), { timeoutMs: 15_000, what: 'nodes stopped after the shell died' });

    // A crashed node leaves a socket file nobody answers on: the next start takes it over.
    await staleSocket(sockets[0]!);
    const second = startLocalCluster(env);
    await eventually(() => second.output().includes('Local cluster up'), { timeoutMs: 30_000, what: `second start:\n${second.output()}` });
    assert.match(second.output(), /node_id|Node/i);
    process.kill(second.pid, 'SIGTERM');
    await second.exited;
    await eventually(() => sockets.every((s) => !existsSync(s)), { timeoutMs: 15_000, what: 'nodes stopped after the second shell died' });
  } finally {
    cleanup();
  }
});
