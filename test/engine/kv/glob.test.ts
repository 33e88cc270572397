import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globToRegExp } from '../../../src/engine/kv/index.js';

test('globs match whole keys as fnmatch does', () => {
  const m = (g: string, k: string): boolean => globToRegExp(g).test(k);
  assert.ok(m('user:*', 'user:1'));
  assert.ok(m('user:*', 'user:'));
  assert.ok(!m('user:*', 'xuser:1'));
  assert.ok(m('*', 'a/b c'));
  assert.ok(m('k?', 'k1') && !m('k?', 'k12'));
  assert.ok(m('k[0-3]', 'k2') && !m('k[0-3]', 'k5'));
  assert.ok(m('k[!0-3]', 'k5') && !m('k[!0-3]', 'k2'));
  assert.ok(m('a.b', 'a.b') && !m('a.b', 'axb'), 'regex characters are literal');
  assert.ok(m('a\\*', 'a*') && !m('a\\*', 'ab'));
  assert.ok(m('[]]', ']'));
  assert.ok(m('a[', 'a['), 'an unclosed class is a literal [');
});
