import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { eventually } from './eventually.js';
import { freePort, loopbackHost } from './ports.js';

/** The repository root (dist/test/helpers → ../../..). */
export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const clBin = join(repoRoot, 'bin', 'run.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `cl` as a user would, with a bound on its run time; `input` is written to its stdin. */
export function runCl(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [clBin, ...args], { env: { ...process.env, ...opts.env }, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

export interface NodeProcess {
  child: ChildProcess;
  pid: number;
  socket: string;
  output(): string;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

/** The configuration of a node `name` alone in cluster 1 (id 1, db_mode 0, on a loopback host of its own), its files in `dir`; `extra` adds keys. */
export async function loneNodeConfig(dir: string, name: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const host = loopbackHost();
  return {
    my_node_id: 1,
    db_mode: 0,
    my_node_info: `cluster_id=1, url=bin:${host}:${await freePort(host)}`,
    control_socket: join(dir, `${name}.sock`),
    state_file: join(dir, `${name}.peers.json`),
    ...extra,
  };
}

/**
 * Writes `config` as YAML into `dir` and starts `cl node start` on it; resolves once its control socket answers.
 * `opts.wrap` runs the node under a command that execs it, e.g. `['ip', 'netns', 'exec', NS]`;
 * `opts.onSpawn` gets the PID as soon as the process exists.
 */
export async function startNodeProcess(dir: string, name: string, config: Record<string, unknown>, extraArgs: string[] = [], opts: { wrap?: string[]; onSpawn?: (pid: number) => void } = {}): Promise<NodeProcess> {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(config));
  const i = extraArgs.indexOf('--control-socket');
  const socket = i >= 0 ? extraArgs[i + 1]! : String(config.control_socket);
  const argv = [...(opts.wrap ?? []), process.execPath, clBin, 'node', 'start', '-c', file, ...extraArgs];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) opts.onSpawn?.(child.pid);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let dead = false;
  void exited.then(() => (dead = true));
  const started = eventually(
    async () => {
      if (dead) throw new Error(`node ${name} exited during start:\n${out}`);
      const r = await runCl(['mi', 'uptime', '-s', socket, '--timeout', '1s']);
      return r.code === 0;
    },
    { timeoutMs: 15_000, intervalMs: 50, what: `node ${name} answering on ${socket}` },
  );
  try {
    await started;
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  }
  return {
    child,
    pid: child.pid!,
    socket,
    output: () => out,
    exited,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
