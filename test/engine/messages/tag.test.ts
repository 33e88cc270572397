import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isGeneratedTag, newTag } from '../../../src/engine/messages/index.js';
import { TAG_ALPHABET, TAG_RANDOM_CHARS } from '../../../src/engine/messages/tag.js';

test('tags are <cluster>-<node>- plus 24 characters from A-Z, a-y, 1-6 (reference §3.9)', () => {
  assert.equal(TAG_ALPHABET.length, 26 + 25 + 6);
  assert.ok(!TAG_ALPHABET.includes('z') && !TAG_ALPHABET.includes('0') && !TAG_ALPHABET.includes('7'));
  const seen = new Set<string>();
  const used = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const t = newTag(12, 34);
    assert.match(t, /^12-34-[A-Za-y1-6]{24}$/);
    assert.ok(isGeneratedTag(t));
    seen.add(t);
    for (const ch of t.slice(6)) used.add(ch);
  }
  assert.equal(seen.size, 2000, 'no repeats');
  assert.equal(used.size, TAG_ALPHABET.length, 'every character of the alphabet shows up');
  assert.equal(newTag(1, 1).length, 4 + TAG_RANDOM_CHARS);
  assert.ok(!isGeneratedTag('1-1-short'));
});
