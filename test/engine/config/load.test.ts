import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfigFile, loadConfigFileSync } from '../../../src/engine/config/index.js';
import { assertIssue } from './helpers.js';

let dir = '';
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** Awaits `p`, asserts it rejects with a ConfigError and returns it. */
async function rejection(p: Promise<unknown>): Promise<ConfigError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err;
  }
  assert.fail('expected a ConfigError');
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cl-config-test-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('loads a YAML file (block list, flow mapping, comments)', async () => {
  const p = file('ok.yaml', [
    '# a node',
    'my_node_id: 2',
    'db_mode: 0',
    'my_node_info:',
    '  - cluster_id=1, url=bin:127.0.0.1:5566',
    'neighbor_node_info:',
    '  - {cluster_id: 1, node_id: 1, url: "bin:127.0.0.1:5565"}',
    'ping_interval: 1',
    '',
  ].join('\n'));
  const { config, warnings } = await loadConfigFile(p);
  assert.deepEqual(warnings, []);
  assert.equal(config.myNodeId, 2);
  assert.equal(config.neighborNodeInfo[0]!.port, 5565);
  assert.equal(config.pingInterval, 1);
  assert.equal(loadConfigFileSync(p).config.myNodeId, 2);
});

test('a YAML syntax error names the file and the line', async () => {
  const p = file('bad.yaml', 'my_node_id: 1\ndb_mode: 0\nmy_node_info: [cluster_id=1\nping_interval: 1\n');
  const err = await rejection(loadConfigFile(p));
  assert.equal(err.code, 'CL_ERR_CONFIG');
  assert.ok(err.message.includes(p), err.message);
  assert.ok(err.issues.every((i) => i.key === p));
  assertIssue(err.issues, p, /^YAML syntax error at line \d+, column \d+: /);
  const dup = await rejection(loadConfigFile(file('dup.yaml', 'my_node_id: 1\nping_interval: 1\nping_interval: 2\n')));
  assertIssue(dup.issues, join(dir, 'dup.yaml'), /line 3, column 1: Map keys must be unique/);
});

test('a missing file or a directory is a ConfigError naming the path', async () => {
  const missing = join(dir, 'nope.yaml');
  const err = await rejection(loadConfigFile(missing));
  assertIssue(err.issues, missing, /cannot read configuration file .*: file not found/);
  assert.equal(err.message, `cannot read configuration file ${missing}: file not found`, 'the path named, no problem count');
  assert.throws(() => loadConfigFileSync(missing), (e: unknown) => e instanceof ConfigError && /file not found/.test(e.message));
  assertIssue((await rejection(loadConfigFile(dir))).issues, dir, /is a directory/);
});

test('validation errors carry the file name; an empty file is an empty mapping', async () => {
  const p = file('invalid.yaml', 'my_node_id: 0\nmy_node_info: "cluster_id=1, url=bin:127.0.0.1:5566"\n');
  const err = await rejection(loadConfigFile(p));
  assert.equal(err.message, `invalid configuration in ${p}: my_node_id: must be greater than 0, got 0`, 'one problem on one line, not a second one about the same id');
  const two = await rejection(loadConfigFile(file('two.yaml', 'my_node_id: 0\nping_interval: x\n')));
  assert.match(two.message, /^invalid configuration in .*two\.yaml \(\d+ problems\):\n/);
  assertIssue((await rejection(loadConfigFile(file('empty.yaml', '# nothing\n')))).issues, 'my_node_id', /not set/);
});

test('a bad flag value is named as the flag, not as a key of the file', async () => {
  const p = file('flags.yaml', 'my_node_id: 1\nmy_node_info: "cluster_id=1, url=bin:127.0.0.1:5566"\n');
  const err = await rejection(loadConfigFile(p, { socket: ['nonsense'] }));
  assert.ok(err.issues.some((i) => i.key === '--socket' && /nonsense/.test(i.message)), JSON.stringify(err.issues));
  assert.ok(!err.issues.some((i) => i.key.startsWith('socket')));
  assert.match(err.message, /^invalid configuration on the command line: --socket: /);
});

test('ping_timeout longer than ping_interval is a warning', async () => {
  const p = file('slow.yaml', 'my_node_id: 1\nmy_node_info: "cluster_id=1, url=bin:127.0.0.1:5566"\nping_interval: 1\nping_timeout: 1500\n');
  const { warnings } = await loadConfigFile(p);
  assert.ok(warnings.some((w) => /^ping_timeout \(1500 ms\) is longer than ping_interval \(1 s = 1000 ms\)/.test(w)), JSON.stringify(warnings));
  const ok = await loadConfigFile(file('fast.yaml', 'my_node_id: 1\nmy_node_info: "cluster_id=1, url=bin:127.0.0.1:5566"\nping_interval: 1\nping_timeout: 500\n'));
  assert.ok(!ok.warnings.some((w) => w.startsWith('ping_timeout')));
});

test('overrides win over file values', async () => {
  const p = file('ovr.yaml', 'my_node_id: 1\nlog_level: error\ncontrol_socket: /tmp/a.sock\n');
  const { config } = await loadConfigFile(p, { nodeId: 4, logLevel: 'debug', controlSocket: '/tmp/b.sock' });
  assert.deepEqual([config.myNodeId, config.logLevel, config.controlSocket], [4, 'debug', '/tmp/b.sock']);
});

const example = (n: number): string => fileURLToPath(new URL(`../../../../examples/node${n}.yaml`, import.meta.url));

test('the shipped examples parse: node 1 is the seed, nodes 2 and 3 know only node 1', async () => {
  const configs = [];
  for (const n of [1, 2, 3]) {
    const { config, warnings } = await loadConfigFile(example(n));
    assert.deepEqual(warnings, [], `node${n}`);
    assert.equal(config.myNodeId, n);
    assert.equal(config.dbMode, 0);
    assert.deepEqual(config.clusters, [1]);
    assert.deepEqual(config.socket.map((s) => s.url), [`bin:127.0.0.1:555${n}`]);
    assert.equal(config.myNodeInfo[0]!.url, `bin:127.0.0.1:555${n}`);
    assert.equal(config.controlSocket, `/tmp/cl-node${n}.sock`);
    assert.equal(config.pingInterval, 1);
    assert.equal(config.pingTimeout, 500);
    configs.push(config);
  }
  const [c1, c2, c3] = configs;
  assert.equal(c1!.myNodeInfo[0]!.seed, true);
  assert.deepEqual(c1!.neighborNodeInfo, []);
  assert.deepEqual(c1!.sharingTags, [{ name: 'vip', clusterId: 1, state: 'active' }]);
  for (const c of [c2!, c3!]) {
    assert.equal(c.myNodeInfo[0]!.seed, false);
    assert.deepEqual(c.neighborNodeInfo.map((x) => [x.clusterId, x.nodeId, x.url]), [[1, 1, 'bin:127.0.0.1:5551']]);
    assert.deepEqual(c.sharingTags, []);
  }
});
