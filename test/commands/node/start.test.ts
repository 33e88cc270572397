import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodeStart from '../../../src/commands/node/start.js';
import { erase } from '../../../src/cli/definition.js';
import { fastOptions } from '../../../src/cli/fast-runner.js';
import { parseFastNodeStart } from '../../../src/main/node-start-fast.js';
import { oclifCommand } from '../../../src/cli/to-oclif.js';
import { repoRoot, runCl, startNodeProcess } from '../../helpers/cli.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';

test('node start: runs, refuses a duplicate, stops cleanly on SIGTERM', async () => {
  const { dir, cleanup } = tempDir();
  const host = loopbackHost();
  const port = await freePort(host);
  const cfg = { my_node_id: 1, db_mode: 0, my_node_info: `cluster_id=1, url=bin:${host}:${port}`, control_socket: join(dir, 'a.sock') };
  const node = await startNodeProcess(dir, 'a', cfg);
  try {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const version = await runCl(['mi', 'version', '-s', cfg.control_socket]);
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, new RegExp(`"cl \\(${pkg.version.replace(/\./g, '\\.')} \\(`), 'the started node reports the package version');
    const dup = await runCl(['node', 'start', '-c', join(dir, 'a.yaml'), '--control-socket', join(dir, 'b.sock')]);
    assert.equal(dup.code, 7);
    assert.match(dup.stderr, /already in use/);
    const dupSock = await runCl(['node', 'start', '-c', join(dir, 'a.yaml'), '--socket', `bin:${host}:${await freePort(host)}`]);
    assert.equal(dupSock.code, 6, 'a listener that does not serve my_node_info is a config error');
  } finally {
    assert.equal(await node.stop(), 0);
  }
  assert.equal(existsSync(cfg.control_socket), false, 'control socket removed');
  cleanup();
});

test('node start: a bad config names the key and exits 6 without starting', async () => {
  const { dir, cleanup } = tempDir();
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, 'my_node_id: 0\ndb_mode: 0\nping_interval: -1\nmy_node_info: "cluster_id=1, url=bin:127.0.0.1:1"\nbogus_key: 1\n');
  const r = await runCl(['node', 'start', '-c', file]);
  cleanup();
  assert.equal(r.code, 6);
  assert.match(r.stderr, /my_node_id/);
  assert.match(r.stderr, /ping_interval/);
  assert.match(r.stderr, /bogus_key/);
});

test('node start: flags override the file', async () => {
  const { dir, cleanup } = tempDir();
  const host = loopbackHost();
  const port = await freePort(host);
  const sock = join(dir, 'override.sock');
  const node = await startNodeProcess(dir, 'o', { my_node_id: 1, db_mode: 0, my_node_info: `cluster_id=1, url=bin:${host}:${port}`, control_socket: join(dir, 'unused.sock') }, ['--control-socket', sock, '--log-level', 'debug']);
  try {
    assert.ok(existsSync(sock));
    assert.equal(existsSync(join(dir, 'unused.sock')), false);
  } finally {
    await node.stop();
    cleanup();
  }
});

test('node start: the fast path takes the same flags as the oclif command', () => {
  const oclifFlags = Object.keys(oclifCommand(erase(nodeStart)).flags).sort();
  assert.deepEqual(Object.keys(fastOptions(erase(nodeStart))).sort(), oclifFlags);
  assert.deepEqual(parseFastNodeStart(['-c', 'n.yaml', '--node-id', '4', '--socket', 'bin:127.0.0.4:1', '--socket', 'bin:127.0.0.5:1', '--log-level', 'debug']), {
    configPath: 'n.yaml',
    overrides: { nodeId: 4, socket: ['bin:127.0.0.4:1', 'bin:127.0.0.5:1'], logLevel: 'debug' },
  });
  for (const bad of [[], ['-c'], ['-c', 'n.yaml', '--node-id', '0'], ['-c', 'n.yaml', '--node-id', 'x'], ['-c', 'n.yaml', '--log-level', 'loud'], ['-c', 'n.yaml', '--bogus'], ['-c', 'n.yaml', 'extra']]) {
    assert.equal(parseFastNodeStart(bad), null, `${bad.join(' ')} goes to the full command`);
  }
});

test('node start: bad flags are usage errors naming the flag, in one line', async () => {
  const r = await runCl(['node', 'start', '-c', 'n.yaml', '--node-id', '0']);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr, "error: bad --node-id '0': expected an integer of at least 1 (see 'cl node start --help')\n");
  const missing = await runCl(['node', 'start']);
  assert.equal(missing.code, 2, missing.stderr);
  assert.equal(missing.stderr, "error: missing required flag --config (see 'cl node start --help')\n");
});

test('node start: a missing file, a bad --socket, a control socket in a missing directory: exit 6, each named', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const host = loopbackHost();
    const file = join(dir, 'n.yaml');
    const base = `my_node_id: 1\ndb_mode: 0\nmy_node_info: "cluster_id=1, url=bin:${host}:${await freePort(host)}"\n`;
    writeFileSync(file, `${base}control_socket: ${join(dir, 'nodir', 'n.sock')}\nping_interval: 1\nping_timeout: 1500\n`);
    const [none, flag, nodir] = await Promise.all([
      runCl(['node', 'start', '-c', join(dir, 'none.yaml')]),
      runCl(['node', 'start', '-c', file, '--socket', 'nonsense']),
      runCl(['node', 'start', '-c', file]),
    ]);
    assert.equal(none.code, 6);
    assert.equal(none.stderr, `error: cannot read configuration file ${join(dir, 'none.yaml')}: file not found\n`);
    assert.equal(flag.code, 6);
    assert.match(flag.stderr, /^error: invalid configuration in .*n\.yaml and on the command line \(2 problems\):\n--socket: Bad URL! "nonsense"/);
    assert.equal(nodir.code, 6, nodir.stderr);
    assert.match(nodir.stderr, new RegExp(`control_socket ${join(dir, 'nodir', 'n.sock')}: the directory ${join(dir, 'nodir')} does not exist`));
    assert.match(nodir.stderr, /WARN .*ping_timeout \(1500 ms\) is longer than ping_interval/, 'the timing warning is logged');
  } finally {
    cleanup();
  }
});
