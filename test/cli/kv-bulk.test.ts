import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ControlClient } from '../../src/client/control-client.js';
import { ClientError } from '../../src/client/errors.js';
import { parseLine, putLines } from '../../src/cli/kv-bulk.js';
import { KV_NOT_FOUND_CODE } from '../../src/contract/index.js';
import { KvCode } from '../../src/engine/kv/index.js';

async function* linesOf(text: string): AsyncGenerator<string> {
  for (const l of text.split('\n')) yield l;
}

/** A client that records the cl_kv_put_many batches and stores them; `refuse` makes a call fail. */
function recorder(refuse?: (batch: unknown[]) => boolean): { client: ControlClient; batches: { key: string; value: string; ttl?: number; collection?: string }[][] } {
  const batches: { key: string; value: string }[][] = [];
  const client = {
    call: async (method: string, params: { entries: { key: string; value: string }[] }) => {
      assert.equal(method, 'cl_kv_put_many');
      if (refuse?.(params.entries)) throw new ClientError(KvCode.TOO_LARGE, 'entry 1: too large', { rpcCode: 400 });
      batches.push(params.entries);
      return { stored: params.entries.length };
    },
  } as unknown as ControlClient;
  return { client, batches };
}

test('parseLine: the key is the first word, the value the rest of the line', () => {
  assert.deepEqual(parseLine('k v', 1), { key: 'k', value: 'v' });
  assert.deepEqual(parseLine('k\tv with  spaces ', 1), { key: 'k', value: 'v with  spaces ' });
  assert.deepEqual(parseLine('k v\r', 1), { key: 'k', value: 'v' });
  assert.throws(() => parseLine('lonely', 7), (e: unknown) => e instanceof ClientError && e.code === 'CL_ERR_USAGE' && /line 7/.test(e.message));
  assert.throws(() => parseLine('k ', 3), /line 3: no value after key "k"/);
  assert.throws(() => parseLine(' v', 2), /line 2/);
});

test('putLines: batches by count and by bytes, skips empty lines, applies ttl and collection', async () => {
  const { client, batches } = recorder();
  const text = Array.from({ length: 25 }, (_, i) => `k${i} v${i}`).join('\n') + '\n\n';
  assert.equal(await putLines(client, linesOf(text), { batchEntries: 10, ttl: 5, collection: 'c' }), 25);
  assert.deepEqual(batches.map((b) => b.length), [10, 10, 5]);
  assert.deepEqual(batches[0]![0], { key: 'k0', value: 'v0', ttl: 5, collection: 'c' });
  const big = recorder();
  const longs = Array.from({ length: 6 }, (_, i) => `k${i} ${'x'.repeat(400)}`).join('\n');
  assert.equal(await putLines(big.client, linesOf(longs), { batchBytes: 1000 }), 6);
  assert.deepEqual(big.batches.map((b) => b.length), [2, 2, 2], 'about 450 bytes each: two per 1000-byte batch');
  const huge = recorder();
  await assert.rejects(putLines(huge.client, linesOf(`a 1\nk ${'x'.repeat(2000)}`), { batchBytes: 1000 }), /line 2: key "k" and its value take \d+ bytes as JSON, more than one request carries \(1000\)/);
  assert.equal(huge.batches.length, 0);
  const none = recorder();
  assert.equal(await putLines(none.client, linesOf('')), 0);
  assert.equal(none.batches.length, 0);
});

test('putLines: a bad line stops before its batch; a refused batch says which lines and how many were stored', async () => {
  const { client, batches } = recorder();
  await assert.rejects(putLines(client, linesOf('a 1\nb 2\nc 3\nbad\n'), { batchEntries: 2 }), (e: unknown) => e instanceof ClientError && e.code === 'CL_ERR_USAGE' && /line 4: .*\(2 pairs stored before\)/.test(e.message));
  assert.deepEqual(batches.map((b) => b.map((e) => e.key)), [['a', 'b']], 'c was in the batch of the bad line');
  const refusing = recorder((b) => b.length === 1);
  await assert.rejects(putLines(refusing.client, linesOf('a 1\nb 2\nc 3'), { batchEntries: 2 }), (e: unknown) => e instanceof ClientError && e.code === KvCode.TOO_LARGE && e.rpcCode === 400 && /^lines 3-3 refused \(2 pairs stored before them\): entry 1/.test(e.message));
});

test("the contract's not-found code is the store's", () => {
  assert.equal(KV_NOT_FOUND_CODE, KvCode.NOT_FOUND);
});
