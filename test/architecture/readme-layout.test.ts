import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

/**
 * The paths of the first column of README's Layout table. A cell may list
 * several: `src/engine/errors.ts`, `log.ts` (a bare name is in the folder of
 * the path before it). Trailing slashes are dropped.
 */
function layoutPaths(readme: string): string[] {
  const start = readme.indexOf('\n## Layout\n');
  assert.ok(start >= 0, 'README has a "## Layout" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const out: string[] = [];
  for (const line of section.split('\n')) {
    const cell = /^\|([^|]+)\|/.exec(line)?.[1];
    if (!cell) continue;
    let dir = '';
    for (const m of cell.matchAll(/`([^`]+)`/g)) {
      const p = m[1]!.replace(/\/$/, '');
      if (p.includes('/')) dir = posix.dirname(p);
      out.push(p.includes('/') || dir === '' ? p : `${dir}/${p}`);
    }
  }
  return out;
}

const dirsIn = (dir: string): string[] => readdirSync(join(repoRoot, dir)).filter((n) => statSync(join(repoRoot, dir, n)).isDirectory());

const listed = layoutPaths(readFileSync(join(repoRoot, 'README.md'), 'utf8'));

test('README Layout lists every folder of src/ and every file directly in src/engine', () => {
  const wanted = [
    ...dirsIn('src').filter((d) => d !== 'engine').map((d) => `src/${d}`),
    ...dirsIn('src/engine').map((d) => `src/engine/${d}`),
    ...readdirSync(join(repoRoot, 'src/engine')).filter((n) => n.endsWith('.ts')).map((n) => `src/engine/${n}`),
  ];
  assert.deepEqual(wanted.filter((p) => !listed.includes(p)), [], 'missing from the Layout table of README.md');
});

test('README Layout lists the folders beside src/', () => {
  const wanted = ['test', 'test/fixtures', 'docs', 'man', 'bench', 'scripts', 'examples', '.ci'];
  assert.deepEqual(wanted.filter((p) => !listed.includes(p)), []);
});

test('README Layout names only paths that exist', () => {
  assert.deepEqual(listed.filter((p) => !existsSync(join(repoRoot, p))), []);
});

test('the Layout reader expands a cell of several names', () => {
  const md = '# x\n\n## Layout\n\n| path | what |\n| --- | --- |\n| `src/a/b.ts`, `c.ts` | x |\n| `docs/` | y |\n\n## Next\n| `no/t.ts` | z |\n';
  assert.deepEqual(layoutPaths(md), ['src/a/b.ts', 'src/a/c.ts', 'docs']);
});
