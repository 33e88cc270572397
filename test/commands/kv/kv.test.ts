import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loneNodeConfig, runCl, startNodeProcess } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

test('cl kv put/get/del/list, --stdin, --json and the not-found exit code, against a real node', async () => {
  const { dir, cleanup } = tempDir();
  const node = await startNodeProcess(dir, 'n1', await loneNodeConfig(dir, 'n1', { cachedb_local: { cache_collections: 'default/r; sessions/r' } }));
  const s = ['-s', node.socket];
  try {
    const put = await runCl(['kv', 'put', 'user:1', 'alice smith', ...s]);
    assert.deepEqual([put.code, put.stdout, put.stderr], [0, 'OK\n', '']);
    const get = await runCl(['kv', 'get', 'user:1', ...s]);
    assert.deepEqual([get.code, get.stdout], [0, 'alice smith\n']);
    const jget = await runCl(['kv', 'get', 'user:1', '--json', ...s]);
    assert.deepEqual(JSON.parse(jget.stdout), { key: 'user:1', value: 'alice smith' });

    const missing = await runCl(['kv', 'get', 'nobody', ...s]);
    assert.deepEqual([missing.code, missing.stdout, missing.stderr], [1, '', 'not found: nobody\n'], 'not found: exit 1, nothing on stdout');

    const bulk = await runCl(['kv', 'put', '--stdin', ...s], { input: 'user:3 carol\n\nuser:2 bob the builder\r\nother x\n' });
    assert.deepEqual([bulk.code, bulk.stdout], [0, 'stored 3\n'], bulk.stderr);
    const list = await runCl(['kv', 'list', '--prefix', 'user:', ...s]);
    assert.deepEqual([list.code, list.stdout], [0, 'user:1 alice smith\nuser:2 bob the builder\nuser:3 carol\n']);
    const json = JSON.parse((await runCl(['kv', 'list', '--json', ...s])).stdout) as { key: string; value: string; expires: number }[];
    assert.deepEqual(json.map((r) => r.key), ['other', 'user:1', 'user:2', 'user:3']);
    assert.ok(json.every((r) => r.expires === 0));
    const limited = await runCl(['kv', 'list', '--limit', '2', ...s]);
    assert.deepEqual([limited.code, limited.stdout.split('\n').length - 1], [0, 2]);
    assert.match(limited.stderr, /more than 2 entries/);

    const ttl = await runCl(['kv', 'put', 's1', 'open', '--ttl', '300', '--collection', 'sessions', ...s]);
    assert.equal(ttl.code, 0, ttl.stderr);
    const sess = JSON.parse((await runCl(['kv', 'list', '-C', 'sessions', '--json', ...s])).stdout) as { key: string; expires: number }[];
    assert.equal(sess.length, 1);
    assert.ok(sess[0]!.expires > Date.now() + 200_000 && sess[0]!.expires <= Date.now() + 300_000);
    assert.equal((await runCl(['kv', 'get', 's1', ...s])).code, 1, 'another collection');
    assert.equal((await runCl(['kv', 'get', 's1', '-C', 'sessions', ...s])).stdout, 'open\n');

    const del = await runCl(['kv', 'del', 'user:1', ...s]);
    assert.deepEqual([del.code, del.stdout], [0, 'OK\n']);
    assert.equal((await runCl(['kv', 'get', 'user:1', ...s])).code, 1);

    const unknown = await runCl(['kv', 'put', 'k', 'v', '-C', 'nope', '--json', ...s]);
    assert.equal(unknown.code, 5);
    assert.equal((JSON.parse(unknown.stdout) as { error: { code: string } }).error.code, 'CL_ERR_KV_UNKNOWN_COLLECTION');
    const badLine = await runCl(['kv', 'put', '--stdin', ...s], { input: 'good 1\nlonely\n' });
    assert.equal(badLine.code, 2);
    assert.match(badLine.stderr, /line 2: expected "KEY VALUE"/);
    assert.equal((await runCl(['kv', 'get', 'good', ...s])).code, 1, 'the batch of a bad line is not sent');
    const both = await runCl(['kv', 'put', 'k', 'v', '--stdin', ...s], { input: '' });
    assert.equal(both.code, 2);
    const none = await runCl(['kv', 'put', ...s]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /missing KEY VALUE/);
  } finally {
    await node.stop();
    cleanup();
  }
});
