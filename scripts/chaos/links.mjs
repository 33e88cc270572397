// Link cuts between two loopback addresses with iptables, each rule tagged
// with a comment unique to this run, so that only our rules are ever removed.
import { spawnSync } from 'node:child_process';

const run = (args) => spawnSync('iptables', ['-w', '5', ...args], { encoding: 'utf8', timeout: 10_000 });

/** Why link cuts cannot be made here, or null when they can. */
export function linkCutProblem() {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not running as root';
  const r = run(['-L', 'INPUT', '-n']);
  if (r.error) return `iptables cannot run (${r.error.code ?? r.error.message})`;
  if (r.status !== 0) return `iptables -L failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n')[0]}`;
  return null;
}

export class LinkCutter {
  constructor(comment) {
    this.comment = comment;
    /** Rule specs in force, by link "a|b". */
    this.rules = new Map();
  }

  specs(a, b) {
    return [[a, b], [b, a]].map(([s, d]) => ['-s', `${s}/32`, '-d', `${d}/32`, '-m', 'comment', '--comment', this.comment, '-j', 'DROP']);
  }

  /** Drops every packet between the two hosts (both ways); throws when iptables refuses. */
  cut(a, b) {
    const key = `${a}|${b}`;
    if (this.rules.has(key)) return;
    const added = [];
    for (const spec of this.specs(a, b)) {
      const r = run(['-I', 'INPUT', ...spec]);
      if (r.status !== 0) {
        for (const s of added) run(['-D', 'INPUT', ...s]);
        throw new Error(`iptables -I INPUT ${spec.join(' ')}: ${(r.stderr ?? '').trim()}`);
      }
      added.push(spec);
    }
    this.rules.set(key, added);
  }

  heal(a, b) {
    const key = `${a}|${b}`;
    for (const spec of this.rules.get(key) ?? []) run(['-D', 'INPUT', ...spec]);
    this.rules.delete(key);
  }

  /** Removes every rule of this run: those it knows, then any left with its comment (synchronous: usable in an exit handler). */
  healAll() {
    for (const key of [...this.rules.keys()]) {
      const [a, b] = key.split('|');
      this.heal(a, b);
    }
    const listed = run(['-S', 'INPUT']);
    const left = (listed.stdout ?? '').split('\n').filter((l) => l.includes(this.comment) && l.startsWith('-A INPUT '));
    for (const line of left.slice(0, 1000)) run(['-D', ...line.slice(3).split(' ').map((w) => w.replace(/^"|"$/g, ''))]);
  }
}
