import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCommands } from '../../src/main/command-table.js';
import { repoRoot } from '../helpers/cli.js';

const man = (name: string): string => join(repoRoot, 'man', name);
const pageOf = (id: string): string => `cl-${id.split(':').join('-')}.1`;
/** troff's `\-` is a plain `-` once read. */
const plain = (roff: string): string => roff.replace(/\\-/g, '-').replace(/\\f[BIRP]/g, '');

test('every command has its man page, which names each of its flags', async () => {
  for (const def of await allCommands()) {
    const file = man(pageOf(def.id));
    assert.ok(existsSync(file), `${def.id} has no man page: write man/${pageOf(def.id)}`);
    const text = plain(readFileSync(file, 'utf8'));
    for (const [flag, spec] of Object.entries(def.flags)) {
      const named = text.includes(`--${flag}`) || (spec.char !== undefined && new RegExp(`(^|[\\s\\[])-${spec.char}\\b`, 'm').test(text));
      assert.ok(named, `man/${pageOf(def.id)} does not document --${flag}`);
    }
  }
});

test("package.json's man field installs every page of man/, and names no other", () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { man?: string[] };
  assert.ok(Array.isArray(pkg.man), 'package.json has a man field');
  assert.deepEqual([...pkg.man].sort(), readdirSync(join(repoRoot, 'man')).sort().map((f) => `./man/${f}`), 'add the new page to package.json "man"');
});

test('cl(1) lists every command in its SYNOPSIS and points to its page', async () => {
  const text = readFileSync(man('cl.1'), 'utf8');
  const synopsis = plain(text.slice(text.indexOf('.SH SYNOPSIS'), text.indexOf('.SH DESCRIPTION')));
  for (const def of await allCommands()) {
    const words = def.id.split(':').join(' ');
    assert.match(synopsis, new RegExp(`^\\.B cl ${words}$`, 'm'), `cl(1) SYNOPSIS lacks 'cl ${words}'`);
    assert.ok(plain(text).includes(`.BR ${pageOf(def.id).replace(/\.1$/, '')} (1)`), `cl(1) does not refer to ${pageOf(def.id)}`);
  }
});

test('every man page formats without a warning', (t) => {
  if (spawnSync('man', ['--version']).status !== 0) return t.skip('no man(1) here');
  for (const f of readdirSync(join(repoRoot, 'man'))) {
    const r = spawnSync('man', ['--warnings', '-l', man(f)], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '80', MANPAGER: 'cat', PAGER: 'cat', LC_ALL: 'C.UTF-8' }, timeout: 20_000 });
    assert.equal(r.status, 0, `${f}: ${r.stderr}`);
    assert.equal(r.stderr.trim(), '', `man/${f} formats with warnings`);
  }
});
