import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loneNodeConfig, runCl, startNodeProcess } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

test('cl kv add: counters from 0, negative deltas, --json, a value that is not a counter (exit 5), a bad DELTA (exit 2)', async () => {
  const { dir, cleanup } = tempDir();
  const node = await startNodeProcess(dir, 'n1', await loneNodeConfig(dir, 'n1'));
  const s = ['-s', node.socket];
  try {
    assert.deepEqual([(await runCl(['kv', 'add', 'calls', ...s])).stdout], ['1\n']);
    assert.deepEqual([(await runCl(['kv', 'add', 'calls', '10', ...s])).stdout], ['11\n']);
    assert.deepEqual([(await runCl(['kv', 'add', 'calls', '-3', ...s])).stdout], ['8\n']);
    assert.deepEqual(JSON.parse((await runCl(['kv', 'add', 'calls', '2', '--json', ...s])).stdout), { key: 'calls', value: 10 });
    assert.equal((await runCl(['kv', 'get', 'calls', ...s])).stdout, '10\n', 'stored as text, as cachedb_local does');
    await runCl(['kv', 'put', 'name', 'alice', ...s]);
    const notCounter = await runCl(['kv', 'add', 'name', ...s]);
    assert.equal(notCounter.code, 5);
    assert.match(notCounter.stderr, /name/);
    const bad = await runCl(['kv', 'add', 'calls', 'lots', ...s]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad DELTA 'lots'/);
  } finally {
    await node.stop();
    cleanup();
  }
});
