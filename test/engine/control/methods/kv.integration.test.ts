import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawMi } from '../../../helpers/cluster.js';
import { ControlClient } from '../../../../src/client/control-client.js';
import { ClientError } from '../../../../src/client/errors.js';
import { ERROR_DATA_HEADER } from '../../../../src/contract/index.js';
import { collectionOf } from '../../../../src/engine/control/methods/kv.js';
import { KvCode, MAX_ENTRY_BYTES, type KvChange } from '../../../../src/engine/kv/index.js';
import { recorded } from '../../../helpers/mi-replies.js';
import { makeNode, type TestNode } from '../../../helpers/node.js';
import { freePort, loopbackHost } from '../../../helpers/ports.js';
import { tempDir } from '../../../helpers/tmp.js';

const post = (socketPath: string, body: string, headers: Record<string, string> = {}): Promise<string> => rawMi(socketPath, body, 3000, headers);

const rpc = (method: string, params?: unknown): string => JSON.stringify({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }), id: 1 });

async function withNode(fn: (t: TestNode, socket: string) => Promise<void>): Promise<void> {
  const { dir, cleanup } = tempDir();
  const host = loopbackHost();
  const t = makeNode(dir, {
    my_node_id: 1,
    db_mode: 0,
    my_node_info: `cluster_id=1, url=bin:${host}:${await freePort(host)}`,
    log_level: 'warn',
    cachedb_local: { cache_collections: 'default/r; sessions/r; plain' },
  });
  await t.node.start();
  try {
    await fn(t, t.config.controlSocket);
  } finally {
    await t.node.stop();
    cleanup();
  }
}

test('cache_store / cache_fetch / cache_remove answer the bytes OpenSIPS answered (recorded replies 210-217)', async () => {
  await withNode(async (_t, socket) => {
    for (const seq of ['210', '211', '212']) {
      const rec = recorded(seq);
      assert.equal(await post(socket, rec.request_body), rec.reply_raw, rec.file);
    }
    const fetch = recorded('215');
    assert.equal(await post(socket, fetch.request_body), fetch.reply_raw, fetch.file);
    const remove = recorded('216');
    assert.equal(await post(socket, remove.request_body), remove.reply_raw, remove.file);
    const gone = recorded('217');
    assert.equal(await post(socket, gone.request_body), gone.reply_raw, gone.file);
    for (const seq of ['222', '223', '226']) {
      // 222 fetched k4 after a sync on OpenSIPS; k4 is not stored here, so not found. 226 stores k6.
      const rec = recorded(seq);
      const reply = await post(socket, rec.request_body);
      if (seq === '222') assert.equal(reply, '{"jsonrpc":"2.0","error":{"code":400,"message":"Value not found"},"id":1}');
      else assert.equal(reply, rec.reply_raw, rec.file);
    }
  });
});

test('the node keeps the entries in its store (node.kv), reports replicated changes; expire and system "local:<collection>"', async () => {
  await withNode(async ({ node }, socket) => {
    const changes: KvChange[] = [];
    node.kv.onChange((c) => changes.push(c));
    assert.equal(await post(socket, rpc('cache_store', { system: 'local:sessions', attr: 's1', value: 'open', expire: 30 })), '{"jsonrpc":"2.0","result":"OK","id":1}');
    await post(socket, rpc('cache_store', { system: 'local:plain', attr: 'p', value: 'v' }));
    await post(socket, rpc('cache_remove', { system: 'local:sessions', attr: 'gone' }));
    assert.deepEqual(changes, [
      { op: 'store', collection: 'sessions', key: 's1', value: 'open', expiresSec: 30 },
      { op: 'remove', collection: 'sessions', key: 'gone' },
    ], 'the replication seam sees the MI changes of replicated collections only');
    const e = node.kv.get('sessions', 's1')!;
    assert.equal(e.value, 'open');
    assert.ok(Math.abs(e.expiresAt - (Date.now() + 30_000)) < 5_000);
    assert.equal(await post(socket, rpc('cache_fetch', ['local:sessions', 's1'])), '{"jsonrpc":"2.0","result":{"key":"s1","value":"open"},"id":1}');
    assert.equal(node.kv.get('default', 's1'), undefined);
    assert.equal(collectionOf('local'), 'default');
  });
});

test('errors: empty params as OpenSIPS; unknown collection, oversized, unknown system name the thing with our codes', async () => {
  await withNode(async (_t, socket) => {
    assert.equal(await post(socket, rpc('cache_store', { system: 'local', attr: 'k', value: '' })), '{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":"Empty value"},"id":1}');
    assert.equal(await post(socket, rpc('cache_store', { system: 'local', attr: '', value: 'v' })), '{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":"Empty attribute name"},"id":1}');
    assert.equal(await post(socket, rpc('cache_fetch', { system: '', attr: 'k' })), '{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":"Empty memory cache id"},"id":1}');
    assert.equal(await post(socket, rpc('cache_store', { system: 'local', attr: 'k', value: 'v', expire: -1 })), '{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":"Negative expire value"},"id":1}');

    const client = new ControlClient({ socketPath: socket, timeoutMs: 5000 });
    const rejects = (p: Promise<unknown>, code: string, rpcCode: number, re: RegExp): Promise<void> =>
      assert.rejects(p, (e: unknown) => e instanceof ClientError && e.code === code && e.rpcCode === rpcCode && re.test(e.message));
    await rejects(client.call('cache_store', { system: 'local:nope', attr: 'k', value: 'v' }), KvCode.UNKNOWN_COLLECTION, 500, /Cache store command failed: .*unknown collection "nope" \(known: default, sessions, plain\)/);
    await rejects(client.call('cache_fetch', { system: 'redis', attr: 'k' }), KvCode.BAD_VALUE, 500, /unknown cache system "redis"/);
    await rejects(client.call('cache_store', { system: 'local', attr: 'big', value: 'x'.repeat(MAX_ENTRY_BYTES) }), KvCode.TOO_LARGE, 500, new RegExp(`more than the ${MAX_ENTRY_BYTES} bytes`));
    await rejects(client.call('cache_fetch', { system: 'local', attr: 'none' }), KvCode.NOT_FOUND, 400, /^Value not found$/);
    assert.match(await post(socket, rpc('cache_fetch', ['local', 'none']), { [ERROR_DATA_HEADER]: 'object' }), /"data":\{"code":"CL_ERR_KV_NOT_FOUND"\}/);
  });
});

test('cl_kv_put_many and cl_kv_list; cache_remove_chunk', async () => {
  await withNode(async ({ node }, socket) => {
    const client = new ControlClient({ socketPath: socket, timeoutMs: 5000 });
    const entries = [
      { key: 'user:2', value: 'bob' },
      { key: 'user:1', value: 'alice', ttl: 60 },
      { key: 'x', value: 'y', collection: 'plain' },
    ];
    assert.deepEqual(await client.call('cl_kv_put_many', { entries }), { stored: 3 });
    const rows = await client.call('cl_kv_list');
    assert.deepEqual(rows.map((r) => [r.key, r.value]), [['user:1', 'alice'], ['user:2', 'bob']]);
    assert.ok(rows[0]!.expires > Date.now() && rows[1]!.expires === 0);
    assert.deepEqual((await client.call('cl_kv_list', { collection: 'plain' })).map((r) => r.key), ['x']);
    assert.deepEqual((await client.call('cl_kv_list', { prefix: 'user:', limit: 1 })).map((r) => r.key), ['user:1']);
    await assert.rejects(client.call('cl_kv_list', { limit: 0 }), (e: unknown) => e instanceof ClientError && e.code === 'CL_ERR_RPC_INVALID_PARAMS');
    await assert.rejects(client.call('cl_kv_list', { collection: 'nope' }), (e: unknown) => e instanceof ClientError && e.code === KvCode.UNKNOWN_COLLECTION && e.rpcCode === 404 && /known: default, sessions, plain/.test(e.message));
    await assert.rejects(
      client.call('cl_kv_put_many', { entries: [{ key: 'a', value: '1' }, { key: 'b', value: 2 }] }),
      (e: unknown) => e instanceof ClientError && e.code === KvCode.BAD_VALUE && /entry 1: 'value' must be a string/.test(e.message),
    );
    await assert.rejects(client.call('cl_kv_put_many', { entries: [{ key: 'a', value: '1', tll: 5 }] }), (e: unknown) => e instanceof ClientError && /unknown property 'tll'/.test(e.message));
    await assert.rejects(client.call('cl_kv_put_many', { entries: [{ key: 'a', value: '1' }, { key: 'b', value: 'x'.repeat(MAX_ENTRY_BYTES) }] }), (e: unknown) => e instanceof ClientError && e.code === KvCode.TOO_LARGE && /^entry 1: /.test(e.message));
    assert.equal(node.kv.get('default', 'a'), undefined, 'a refused batch stores nothing');
    assert.equal(await client.call('cache_remove_chunk', { glob: 'user:*' }), 'OK');
    assert.deepEqual(await client.call('cl_kv_list'), []);
    assert.equal(await client.call('cache_remove_chunk', { glob: '*', collection: 'plain' }), 'OK');
    assert.equal(node.kv.size(), 0);
  });
});
