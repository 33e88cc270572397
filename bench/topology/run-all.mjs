#!/usr/bin/env node
// Runs every topology benchmark (join, failure, restart, steady) in sequence
// and prints each figure with its target and PASS/MISS, then the route
// computation micro-benchmark (routes.mjs, informational).
// Build first: npx tsc -p tsconfig.json.
// Usage: node bench/topology/run-all.mjs [--quick] [--only join,failure,restart,steady] [--json results.json] [--no-routes]
//   --quick      one repetition per figure, short steady window (smoke test)
//   --only LIST  run only these sections
//   --json PATH  also write every figure as JSON
//   CL_BENCH_KEEP=1 keeps the temp dirs (configs, node logs) and prints their paths.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { envNote, fmt, machine, printFigures, REPO } from './lib.mjs';
import { main as join_ } from './join.mjs';
import { main as failure } from './failure.mjs';
import { main as restart } from './restart.mjs';
import { main as steady } from './steady.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const jsonAt = argv.indexOf('--json');
const jsonPath = jsonAt >= 0 ? argv[jsonAt + 1] : undefined;
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set(argv[onlyAt + 1].split(',')) : null;
let rev = 'unknown';
try {
  rev = execFileSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['-C', REPO, 'status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim();
  if (dirty) rev += ` + uncommitted changes in src/ (${dirty.split('\n').length} files)`;
} catch {}

const m = machine();
const started = new Date().toISOString();
console.log(`cl topology benchmarks — ${started}`);
console.log(`code: ${rev} (dist/ as built)`);
console.log(`machine: ${m.nproc} × ${m.model}; node ${m.node}; load average ${m.load}${quick ? '; QUICK mode' : ''}; ${envNote()}`);

const sections = [];
for (const [name, fn] of [
  ['join', join_],
  ['failure', failure],
  ['restart', restart],
  ['steady', steady],
]) {
  if (only && !only.has(name)) continue;
  try {
    sections.push({ name, figures: await fn({ quick }) });
  } catch (err) {
    console.error(`\n!! ${name} failed: ${err.stack ?? err}`);
    sections.push({ name, error: String(err.message ?? err), figures: [] });
  }
}

let routes = null;
if (!argv.includes('--no-routes') && (!only || only.has('routes'))) {
  try {
    routes = execFileSync(process.execPath, ['--expose-gc', join(REPO, 'bench/topology/routes.mjs')], { encoding: 'utf8', timeout: 300_000 });
  } catch (err) {
    routes = `routes.mjs failed: ${err.message}`;
  }
}

console.log('\n================ Summary ================');
const all = sections.flatMap((s) => s.figures);
for (const s of sections) {
  if (s.error) console.log(`\n== ${s.name}: ERROR ${s.error}`);
  else printFigures(s.name, s.figures);
}
if (routes) console.log(`\n== routes (route computation, informational)\n${routes.trimEnd()}`);
const judged = all.filter((f) => f.pass !== null);
const misses = judged.filter((f) => !f.pass);
console.log(`\n${judged.length - misses.length}/${judged.length} targets met${misses.length ? `; MISS: ${misses.map((f) => `${f.name} (${fmt(f.value, f.unit)} vs ${f.target})`).join('; ')}` : ''}`);
console.log(`load average at end: ${machine().load}`);
if (jsonPath) writeFileSync(jsonPath, JSON.stringify({ started, code: rev, machine: m, nodeEnv: envNote(), endLoad: machine().load, sections, routes }, null, 1));
process.exitCode = sections.some((s) => s.error) ? 1 : 0;
