import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

/** Every file the code, scripts, tests and CI read lives in the repository: no path reaches out of it. */
test('nothing in the tree reads a folder beside the repository', () => {
  const roots = ['src', 'test', 'scripts', 'bench', 'bin', '.ci'].map((d) => join(repoRoot, d));
  const offending: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (name === 'fixtures' || name === 'node_modules') continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mjs|js|cjs|sh)$|^run$/.test(name)) {
        const text = readFileSync(p, 'utf8');
        // The pattern is built so that this file does not match itself.
        if (new RegExp(['\\.\\./', 'shared', '|', 'shared/', 'reference'].join('')).test(text)) offending.push(relative(repoRoot, p));
      }
    }
  };
  for (const r of roots) walk(r);
  assert.deepEqual(offending, []);
});
