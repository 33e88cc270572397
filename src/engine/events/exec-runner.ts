import type { ChildProcess } from 'node:child_process';
import { lazyBuiltin } from '../builtin.js';
import type { ClusterEvent } from './bus.js';
import { eventJson } from './filter.js';

const childProcess = lazyBuiltin<typeof import('node:child_process')>('node:child_process');

/** Largest stdout kept: a reply must fit one GENERIC_MSG string anyway. */
export const MAX_STDOUT = 64 * 1024;
/** Tail of stderr kept for the log line of a failed run. */
const MAX_STDERR = 2048;

export interface ExecResult {
  /** Exit code, or null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderrTail: string;
  /** Set when the command could not be started at all. */
  spawnError?: string;
}

/** `cluster_id` → `CL_CLUSTER_ID`; anything but letters and digits becomes `_`. */
export const envName = (param: string): string => `CL_${param.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

export function eventEnv(ev: ClusterEvent): Record<string, string> {
  const env: Record<string, string> = { CL_EVENT: ev.name, CL_EVENT_TIME: String(ev.time) };
  for (const [k, v] of Object.entries(ev.params)) env[envName(k)] = String(v);
  return env;
}

/** The children running right now, so that a stopping node can kill them. */
export class ChildSet {
  private readonly children = new Set<ChildProcess>();

  add(c: ChildProcess): void {
    this.children.add(c);
    c.once('exit', () => this.children.delete(c));
  }

  get size(): number {
    return this.children.size;
  }

  killAll(): void {
    for (const c of this.children) killGroup(c);
  }
}

/** Kills the handler and whatever it started: it runs in its own process group. */
function killGroup(c: ChildProcess): void {
  if (c.pid === undefined || c.exitCode !== null || c.signalCode !== null) return;
  try {
    process.kill(-c.pid, 'SIGKILL');
  } catch {
    c.kill('SIGKILL');
  }
}

/**
 * Runs `command` with `/bin/sh -c` in `cwd`: the event's params in `CL_*`
 * env vars and `{"event","params","time"}` on stdin. Killed (with its
 * process group) after `timeoutMs`. Never rejects.
 */
export function runExec(command: string, cwd: string, ev: ClusterEvent, timeoutMs: number, children: ChildSet): Promise<ExecResult> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = childProcess().spawn('/bin/sh', ['-c', command], { cwd, env: { ...process.env, ...eventEnv(ev) }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    } catch (err) {
      resolve({ code: null, signal: null, timedOut: false, stdout: '', stderrTail: '', spawnError: err instanceof Error ? err.message : String(err) });
      return;
    }
    children.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let spawnError: string | undefined;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < MAX_STDOUT) stdout += d.slice(0, MAX_STDOUT - stdout.length);
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-MAX_STDERR)));
    child.stdin!.on('error', () => {}); // a handler that ignores stdin closes it early (EPIPE)
    child.stdin!.end(`${JSON.stringify(eventJson(ev))}\n`);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    child.once('error', (err) => (spawnError = err.message));
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, stderrTail: stderr.trim(), ...(spawnError ? { spawnError } : {}) });
    });
  });
}
