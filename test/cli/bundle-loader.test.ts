import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheFileOf, loadBundle, writeCache } from '../../src/cli/bundle-loader.js';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const source = (answer: number, buildId = 'build-a'): string => `"use strict";
const { basename } = require('node:path');
function deep(n) { return n === 0 ? ${answer} : deep(n - 1); }
module.exports = { answer: () => deep(3), file: basename(__filename), strict: (function () { return this === undefined; })() };
//# cl-build-id ${buildId}
`;

test('bundle loader: runs a CommonJS bundle with require, module and __filename; strict mode kept', () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'b.cjs');
    writeFileSync(file, source(42));
    const b = loadBundle(file);
    assert.equal(b.cacheUsed, false, 'no cache file yet');
    assert.equal((b.exports.answer as () => number)(), 42);
    assert.equal(b.exports.file, 'b.cjs');
    assert.equal(b.exports.strict, true);
  } finally {
    cleanup();
  }
});

/**
 * Loads the bundle in a fresh process: within one process V8 reuses what it
 * compiled before and never looks at the cache. Without NODE_OPTIONS: V8
 * flags there would make V8 refuse a cache made without them.
 */
function loadElsewhere(file: string, report = 'answer: b.exports.answer()'): Record<string, unknown> {
  const loader = pathToFileURL(join(repoRoot, 'dist/src/cli/bundle-loader.js')).href;
  const code = `const { loadBundle } = await import(${JSON.stringify(loader)});
const b = loadBundle(${JSON.stringify(file)});
console.log(JSON.stringify({ cacheUsed: b.cacheUsed, ${report} }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NODE_OPTIONS: '' } })) as Record<string, unknown>;
}

test('bundle loader: a code cache made after running is taken; one of another build or no cache at all is ignored harmlessly', () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'b.cjs');
    writeFileSync(file, source(42));
    assert.deepEqual(loadElsewhere(file), { cacheUsed: false, answer: 42 }, 'no cache file yet');
    const first = loadBundle(file);
    (first.exports.answer as () => number)();
    writeCache(file, first);
    assert.deepEqual(loadElsewhere(file), { cacheUsed: true, answer: 42 });

    // Same length, other source: V8 alone would run the old code; the build id keeps it out.
    writeFileSync(file, source(7, 'build-b'));
    assert.deepEqual(loadElsewhere(file), { cacheUsed: false, answer: 7 });

    writeFileSync(cacheFileOf(file), Buffer.from('build-b\nnot a code cache'));
    assert.deepEqual(loadElsewhere(file), { cacheUsed: false, answer: 7 }, 'V8 refuses garbage');

    writeFileSync(file, source(7).replace(/\/\/# cl-build-id.*\n/, ''));
    const noId = loadBundle(file);
    assert.equal(noId.buildId, null);
    assert.deepEqual(loadElsewhere(file), { cacheUsed: false, answer: 7 });
    assert.throws(() => writeCache(file, noId), /no build id/);
  } finally {
    cleanup();
  }
});

test('bundle loader: the built `cl node start` bundle comes with a code cache V8 accepts', (t) => {
  const bundle = join(repoRoot, 'dist', 'cl-node.cjs');
  if (!existsSync(bundle)) return t.skip('dist/cl-node.cjs is built by `npm run build`');
  assert.ok(existsSync(cacheFileOf(bundle)), 'npm run build writes dist/cl-node.cjs.cache');
  const out = loadElsewhere(bundle, 'main: typeof b.exports.main, parse: typeof b.exports.parseFastNodeStart');
  assert.deepEqual(out, { cacheUsed: true, main: 'function', parse: 'function' });
});
