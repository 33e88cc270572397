import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_BY_CODE } from '../../src/cli/exit-codes.js';
import { repoRoot } from '../helpers/cli.js';

const CODE = /CL_ERR_[A-Z][A-Z_]*[A-Z]/g;

/** Every `CL_ERR_*` literal in src/. */
function codesInSrc(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(CODE)) found.add(m[0]);
    }
  };
  walk(join(repoRoot, 'src'));
  return found;
}

/** code → exit code, as a page lists them. */
function listed(file: string, line: RegExp): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of readFileSync(join(repoRoot, file), 'utf8').matchAll(line)) out.set(m[1]!, Number(m[2]));
  return out;
}

const fix = 'add it to EXIT_BY_CODE in src/cli/exit-codes.ts, to docs/errors.md and to man/cl-errors.7';

test('every error code used in src/ has an exit code and a line in docs/errors.md and man/cl-errors.7', () => {
  const docs = listed('docs/errors.md', /^\| `(CL_ERR_[A-Z_]+)` \| (\d+) \|/gm);
  const man = listed('man/cl-errors.7', /^\.BR (CL_ERR_[A-Z_]+) " \(exit (\d+)\)"$/gm);
  for (const code of codesInSrc()) {
    assert.ok(code in EXIT_BY_CODE, `${code} has no exit code: ${fix}`);
    assert.equal(docs.get(code), EXIT_BY_CODE[code], `${code} in docs/errors.md: ${fix}`);
    assert.equal(man.get(code), EXIT_BY_CODE[code], `${code} in man/cl-errors.7: ${fix}`);
  }
});

test('the pages list no code the table does not know', () => {
  const docs = listed('docs/errors.md', /^\| `(CL_ERR_[A-Z_]+)` \| (\d+) \|/gm);
  const man = listed('man/cl-errors.7', /^\.BR (CL_ERR_[A-Z_]+) " \(exit (\d+)\)"$/gm);
  assert.deepEqual([...docs.keys()].sort(), Object.keys(EXIT_BY_CODE).sort());
  assert.deepEqual([...man.keys()].sort(), Object.keys(EXIT_BY_CODE).sort());
});
