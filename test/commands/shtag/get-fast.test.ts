import { test } from 'node:test';
import assert from 'node:assert/strict';
import shtagGet from '../../../src/commands/shtag/get.js';
import { erase } from '../../../src/cli/definition.js';
import { fastOptions, parseFast } from '../../../src/cli/fast-runner.js';
import { oclifCommand } from '../../../src/cli/to-oclif.js';
import { runCl } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { join } from 'node:path';

test('cl shtag get: the fast path takes the same flags as the oclif command', () => {
  const def = erase(shtagGet);
  const oclifFlags = Object.keys(oclifCommand(def).flags).sort();
  assert.deepEqual(Object.keys(fastOptions(def)).sort(), oclifFlags);
  assert.deepEqual(parseFast(def, ['vip/1', '-s', '/tmp/x.sock', '--timeout', '2s', '--json']), { args: { tag: 'vip/1' }, flags: { socket: '/tmp/x.sock', url: undefined, timeout: '2s', token: undefined, node: undefined, 'all-nodes': false, json: true, 'no-create': false }, rest: [] });
  for (const full of [[], ['vip/1', 'extra'], ['vip/1', '--bogus'], ['-s']]) {
    assert.equal(parseFast(def, full), null, `${full.join(' ')} goes to the full command`);
  }
});

test('cl shtag get on the fast path: errors keep their exit codes and --json shape', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const sock = join(dir, 'none.sock');
    const r = await runCl(['shtag', 'get', 'vip/1', '-s', sock]);
    assert.equal(r.code, 3, 'node unreachable');
    assert.match(r.stderr, /cannot reach unix:/);
    const j = await runCl(['shtag', 'get', 'vip/1', '-s', sock, '--json']);
    assert.equal(j.code, 3);
    assert.equal((JSON.parse(j.stdout) as { error: { code: string } }).error.code, 'CL_ERR_NODE_UNREACHABLE');
    const bad = await runCl(['shtag', 'get', 'vip/1', '-s', sock, '--timeout', 'soon']);
    assert.equal(bad.code, 2, 'a bad duration is a usage error');
  } finally {
    cleanup();
  }
});
