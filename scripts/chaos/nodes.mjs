// The node processes of a chaos run: the built `cl node start` on temporary
// configurations, one loopback address each; started, killed (SIGKILL),
// paused (SIGSTOP/SIGCONT) and stopped by their own PIDs only.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { mi } from './mi.mjs';

export const KV_CAP = 'cachedb-local-repl';

/** A TCP port free on `host` now (the OS picks it). */
export function freePort(host) {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({ host, port: 0 }, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `intervalMs` until it is truthy or `timeoutMs` passed; returns whether it held. */
export async function poll(check, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return true;
    } catch {
      // not yet
    }
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

export class ChaosNode {
  constructor({ id, host, port, dir, clBin, config }) {
    Object.assign(this, { id, host, port, dir, clBin });
    this.socket = join(dir, `node${id}.sock`);
    this.file = join(dir, `node${id}.yaml`);
    this.logFile = join(dir, `node${id}.log`);
    this.config = { ...config, control_socket: this.socket };
    /** 'down' | 'starting' | 'up' | 'paused' */
    this.state = 'down';
    this.child = undefined;
    this.exited = Promise.resolve();
  }

  get pid() {
    return this.child?.pid;
  }

  start() {
    writeFileSync(this.file, Object.entries(this.config).map(([k, v]) => `${k}: ${JSON.stringify(v)}\n`).join(''));
    const child = spawn(process.execPath, [this.clBin, 'node', 'start', '-c', this.file], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.output = '';
    const keep = (d) => {
      this.output = (this.output + d.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
    this.state = 'starting';
  }

  call(method, params, timeoutMs) {
    return mi(this.socket, method, params, timeoutMs);
  }

  /** Whether the node's kv capability is synced (it answers, and says so). */
  async kvSynced() {
    const rows = await this.call('cl_cap_list', [], 1500);
    return rows.some((r) => r.capability === KV_CAP && r.synced);
  }

  async kill() {
    if (!this.child) return;
    if (this.state === 'paused') process.kill(this.pid, 'SIGCONT');
    this.child.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
    this.state = 'down';
  }

  pause() {
    process.kill(this.pid, 'SIGSTOP');
    this.state = 'paused';
  }

  resume() {
    process.kill(this.pid, 'SIGCONT');
    this.state = 'up';
  }

  /** SIGTERM, SIGKILL after `graceMs` when it has not exited. */
  async stop(graceMs = 5000) {
    if (!this.child) return;
    const child = this.child;
    if (this.state === 'paused') process.kill(child.pid, 'SIGCONT');
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(t);
    this.child = undefined;
    this.state = 'down';
  }

  /** Synchronous last resort (exit handler): continue and kill our own process. */
  killNow() {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      process.kill(this.child.pid, 'SIGCONT');
      process.kill(this.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
