import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Collections, KvCode, KvError, parseCacheCollections } from '../../../src/engine/kv/index.js';

test('Collections: default is one replicated collection; lookups name the known collections', () => {
  const d = new Collections();
  assert.deepEqual(d.names(), ['default']);
  assert.equal(d.isReplicated('default'), true);
  const c = new Collections(parseCacheCollections('sessions/r; cache'));
  assert.deepEqual(c.names(), ['default', 'sessions', 'cache']);
  assert.equal(c.isReplicated('sessions'), true);
  assert.equal(c.isReplicated('cache'), false);
  assert.equal(c.isReplicated('default'), false);
  assert.equal(c.isReplicated('nope'), false);
  assert.throws(() => c.get('nope'), (err: unknown) => err instanceof KvError && err.code === KvCode.UNKNOWN_COLLECTION && /"nope" \(known: default, sessions, cache\)/.test(err.message));
  assert.throws(() => new Collections([{ name: 'a', replicated: true }, { name: 'a', replicated: false }]), /more than once/);
  assert.throws(() => new Collections([]), /no collection/);
});
