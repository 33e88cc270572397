#!/usr/bin/env node
// Runs every compiled *.test.js under dist/test with node:test.
// Usage: node scripts/run-tests.mjs [substring-filter]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = 'dist/test';
const filter = process.argv[2] ?? '';
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js') && p.includes(filter)) files.push(p);
  }
};
walk(root);
if (files.length === 0) {
  console.error(`no test files found under ${root} matching '${filter}'`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=4', '--test-timeout=120000', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
