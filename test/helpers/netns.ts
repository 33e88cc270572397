/**
 * Network namespaces for tests that need real, separate hosts: create them,
 * wire them with veth pairs and bridges, run commands inside, and remove
 * everything again. Every namespace name starts with `<base><pid>-`, so the
 * leftovers of a run that died (its PID no longer alive) are recognised and
 * removed by the next run. Links are only ever created inside namespaces
 * made here (`ip -n NS link add … peer … netns OTHER`): the root namespace's
 * interfaces, routes and firewall are never touched.
 */
import { spawnSync } from 'node:child_process';

/** The first part of every namespace name made by these helpers. */
export const NETNS_BASE = 'clnet';

/** Bound on one `ip`/`tc`/`bridge` command. */
const COMMAND_TIMEOUT_MS = 10_000;

export class NetnsCommandError extends Error {
  constructor(
    readonly argv: string[],
    readonly detail: string,
  ) {
    super(`\`${argv.join(' ')}\` failed: ${detail}`);
  }
}

/** Runs one command synchronously, bounded in time; throws with its stderr when it fails. */
export function run(argv: string[], timeoutMs = COMMAND_TIMEOUT_MS): string {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: timeoutMs });
  if (r.error) throw new NetnsCommandError(argv, (r.error as NodeJS.ErrnoException).code ?? r.error.message);
  if (r.status !== 0) throw new NetnsCommandError(argv, `exit ${r.status ?? r.signal}: ${r.stderr.trim().split('\n')[0] ?? ''}`);
  return r.stdout;
}

/** The names in the output of `ip netns list` (`name` or `name (id: N)` per line). */
export function parseNetnsList(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n.length > 0);
}

/** The prefix of every namespace name of the process `pid`. */
export function runPrefix(pid: number, base = NETNS_BASE): string {
  return `${base}${pid}-`;
}

/** The PID a namespace name was made for, or undefined when it is not one of ours. */
export function ownerPid(name: string, base = NETNS_BASE): number | undefined {
  if (!name.startsWith(base)) return undefined;
  const m = /^(\d+)-./.exec(name.slice(base.length));
  if (!m) return undefined;
  const pid = Number(m[1]);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/** Our namespaces whose owner is gone: neither this process nor a live one. */
export function staleNamespaces(names: string[], alive: (pid: number) => boolean, self = process.pid, base = NETNS_BASE): string[] {
  return names.filter((n) => {
    const pid = ownerPid(n, base);
    return pid !== undefined && pid !== self && !alive(pid);
  });
}

/** Whether a process with this PID exists (EPERM: it does, owned by someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The namespaces that exist now. */
export function listNamespaces(): string[] {
  return parseNetnsList(run(['ip', 'netns', 'list']));
}

export interface StaleReport {
  removed: string[];
  /** Namespaces that could not be removed, with the reason. */
  failed: string[];
  /** PIDs that were still running inside a removed namespace (left alone: this run did not start them). */
  strayPids: number[];
}

/** Removes the namespaces of earlier runs that died without cleaning up. */
export function removeStaleNamespaces(base = NETNS_BASE): StaleReport {
  const report: StaleReport = { removed: [], failed: [], strayPids: [] };
  for (const name of staleNamespaces(listNamespaces(), pidAlive, process.pid, base)) {
    try {
      const pids = parseNetnsList(run(['ip', 'netns', 'pids', name])).map(Number).filter((p) => p > 0);
      report.strayPids.push(...pids);
      run(['ip', 'netns', 'del', name]);
      report.removed.push(name);
    } catch (err) {
      report.failed.push(`${name}: ${(err as Error).message}`);
    }
  }
  return report;
}

export interface Probe {
  /** Why namespace tests cannot run here, or null when they can. */
  problem: string | null;
  /** Why `tc netem` cannot be used here, or null when it can. */
  netem: string | null;
}

/**
 * Checks everything a namespace test needs: Linux, root, `ip`, `tc` and
 * `bridge`, and that a namespace with a bridge and a veth pair can be made
 * (then removed); also whether the kernel has the netem queueing discipline.
 */
export function probe(base = NETNS_BASE): Probe {
  const no = (problem: string): Probe => ({ problem, netem: problem });
  if (process.platform !== 'linux') return no(`not Linux (${process.platform})`);
  if (process.getuid?.() !== 0) return no('not running as root');
  for (const cmd of ['ip', 'tc', 'bridge']) {
    const r = spawnSync(cmd, ['-V'], { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS });
    if (r.error || r.status !== 0) return no(`\`${cmd}\` (iproute2) cannot run: ${r.error ? ((r.error as NodeJS.ErrnoException).code ?? r.error.message) : `exit ${r.status}`}`);
  }
  const lab = new NetnsLab('probe', { base });
  try {
    const ns = lab.add('p');
    lab.ip(ns, 'link', 'add', 'br0', 'type', 'bridge');
    lab.ip(ns, 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
    let netem: string | null = null;
    try {
      lab.tc(ns, 'qdisc', 'add', 'dev', 'va', 'root', 'netem', 'delay', '20ms', 'loss', '1%');
    } catch (err) {
      netem = `this kernel has no netem queueing discipline (${(err as NetnsCommandError).detail ?? String(err)})`;
    }
    return { problem: null, netem };
  } catch (err) {
    return no(`cannot create a network namespace with a bridge and a veth pair: ${(err as Error).message}`);
  } finally {
    lab.cleanup();
  }
}

/** Arguments of `tc qdisc add` for a netem delay and loss on `dev`. */
export function netemArgs(dev: string, delayMs: number, lossPercent: number): string[] {
  if (!(delayMs >= 0) || !(lossPercent >= 0 && lossPercent <= 100)) throw new RangeError(`bad netem values: delay ${delayMs} ms, loss ${lossPercent} %`);
  return ['qdisc', 'add', 'dev', dev, 'root', 'netem', 'delay', `${delayMs}ms`, 'loss', `${lossPercent}%`];
}

/**
 * `iptables` rules dropping `lossPercent` % of the packets in and out of
 * `dev`, at random (the `statistic` match): the loss half of netem, for a
 * kernel without it. Each entry is one rule's arguments.
 */
export function randomLossRules(dev: string, lossPercent: number): string[][] {
  if (!(lossPercent > 0 && lossPercent <= 100)) throw new RangeError(`bad loss: ${lossPercent} %`);
  const p = String(lossPercent / 100);
  const match = ['-m', 'statistic', '--mode', 'random', '--probability', p, '-j', 'DROP'];
  return [['-A', 'INPUT', '-i', dev, ...match], ['-A', 'OUTPUT', '-o', dev, ...match]];
}

/**
 * A node script: the shortest of `tries` TCP connects to `host:port`, in
 * ms. To a closed port the refusal is one round trip; a lost SYN only makes
 * one try slower. Prints a number, or `timeout`.
 */
const CONNECT_RTT = `
const net = require('node:net');
const [host, port, tries] = process.argv.slice(1);
let best = Infinity, left = Number(tries);
const one = () => {
  const t0 = process.hrtime.bigint();
  const s = net.connect(Number(port), host);
  let done = false;
  const end = (ok) => {
    if (done) return;
    done = true;
    s.destroy();
    if (ok) best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
    if (--left > 0) one();
    else console.log(Number.isFinite(best) ? best.toFixed(2) : 'timeout');
  };
  s.on('connect', () => end(true));
  s.on('error', (e) => end(e.code === 'ECONNREFUSED'));
  s.setTimeout(3000, () => end(false));
};
one();
`;

/**
 * The namespaces (and the processes in them) of one test. Names are
 * `<base><pid>-<label>-<short>`; `cleanup()` removes every namespace it
 * made, which also removes their veths and bridges.
 */
export class NetnsLab {
  readonly prefix: string;
  private readonly created: string[] = [];
  private readonly pids = new Set<number>();

  constructor(label: string, opts: { base?: string; pid?: number } = {}) {
    this.prefix = `${runPrefix(opts.pid ?? process.pid, opts.base)}${label}-`;
  }

  /** The full name of the namespace `short`. */
  name(short: string): string {
    return `${this.prefix}${short}`;
  }

  /** Creates the namespace `short` with its loopback up; returns its full name. */
  add(short: string): string {
    const ns = this.name(short);
    run(['ip', 'netns', 'add', ns]);
    this.created.push(ns);
    this.ip(ns, 'link', 'set', 'lo', 'up');
    return ns;
  }

  /** `ip -n NS …` */
  ip(ns: string, ...args: string[]): string {
    this.assertOwn(ns);
    return run(['ip', '-n', ns, ...args]);
  }

  /** `tc -n NS …` */
  tc(ns: string, ...args: string[]): string {
    this.assertOwn(ns);
    return run(['tc', '-n', ns, ...args]);
  }

  /** Runs a short command inside `ns` (bounded) and returns its stdout. */
  exec(ns: string, argv: string[], timeoutMs = COMMAND_TIMEOUT_MS): string {
    return run(this.execArgv(ns, argv), timeoutMs);
  }

  /** The TCP round trip from inside `ns` to `host:port` (best of `tries` connects; a closed port answers too), in ms. */
  tcpRoundTripMs(ns: string, host: string, port: number, tries = 3): number {
    const out = this.exec(ns, [process.execPath, '-e', CONNECT_RTT, host, String(port), String(tries)], 4000 * tries + COMMAND_TIMEOUT_MS).trim();
    const ms = Number(out);
    if (!Number.isFinite(ms)) throw new Error(`no TCP round trip from ${ns} to ${host}:${port}: ${out}`);
    return ms;
  }

  /** The argv that runs `argv` inside `ns` (`ip netns exec` execs it: the PID is the command's own). */
  execArgv(ns: string, argv: string[]): string[] {
    this.assertOwn(ns);
    return ['ip', 'netns', 'exec', ns, ...argv];
  }

  /** A veth pair between two of our namespaces (`a.dev` in `a.ns`, `b.dev` in `b.ns`), both ends up. */
  veth(a: { ns: string; dev: string }, b: { ns: string; dev: string }): void {
    this.assertOwn(a.ns);
    this.assertOwn(b.ns);
    this.ip(a.ns, 'link', 'add', a.dev, 'type', 'veth', 'peer', 'name', b.dev, 'netns', b.ns);
    this.ip(a.ns, 'link', 'set', a.dev, 'up');
    this.ip(b.ns, 'link', 'set', b.dev, 'up');
  }

  /** A bridge `dev` in `ns`, up. */
  bridge(ns: string, dev: string): void {
    this.assertOwn(ns);
    this.ip(ns, 'link', 'add', dev, 'type', 'bridge');
    this.ip(ns, 'link', 'set', dev, 'up');
  }

  /** Puts `port` (a device in `ns`) on the bridge `bridge` of `ns`. */
  attach(ns: string, port: string, bridge: string): void {
    this.ip(ns, 'link', 'set', port, 'master', bridge);
  }

  /** `bridge -n NS …` (e.g. `link set dev X isolated on`). */
  bridgeCmd(ns: string, ...args: string[]): string {
    this.assertOwn(ns);
    return run(['bridge', '-n', ns, ...args]);
  }

  /** A process started inside one of our namespaces: killed by an emergency cleanup if still there. */
  adopt(pid: number): void {
    this.pids.add(pid);
  }

  /** The process has exited (or been stopped by its owner). */
  release(pid: number): void {
    this.pids.delete(pid);
  }

  /** Namespaces that exist now with this lab's prefix. */
  remaining(): string[] {
    return listNamespaces().filter((n) => n.startsWith(this.prefix));
  }

  /**
   * Kills the adopted processes still registered (SIGKILL, by PID) and
   * removes every namespace this lab made, newest first; synchronous, so
   * it also runs from a signal handler or at exit. Returns what failed.
   */
  cleanup(): string[] {
    const failed: string[] = [];
    for (const pid of this.pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') failed.push(`kill ${pid}: ${(err as Error).message}`);
      }
    }
    this.pids.clear();
    for (let ns = this.created.pop(); ns !== undefined; ns = this.created.pop()) {
      try {
        run(['ip', 'netns', 'del', ns]);
      } catch (err) {
        failed.push((err as Error).message);
      }
    }
    return failed;
  }

  /**
   * Cleans up on SIGINT/SIGTERM (then dies of the same signal) and at
   * process exit, then runs `also` (synchronous, e.g. removing a temporary
   * directory); returns the function that removes these handlers.
   */
  guard(also?: () => void): () => void {
    const emergency = (): void => {
      this.cleanup();
      try {
        also?.();
      } catch {
        // best effort: the process is going away
      }
    };
    const onSignal = (sig: NodeJS.Signals): void => {
      emergency();
      remove();
      process.kill(process.pid, sig);
    };
    const onExit = (): void => emergency();
    const remove = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', onExit);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('exit', onExit);
    return remove;
  }

  private assertOwn(ns: string): void {
    if (!ns.startsWith(this.prefix)) throw new Error(`namespace ${ns} was not made by this lab (${this.prefix}*)`);
  }
}
