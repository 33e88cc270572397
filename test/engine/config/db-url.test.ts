import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { absolutizeSqliteUrl, loadConfigFile, parseConfig, parseDbUrl, redactDbUrl, scrubSecret } from '../../../src/engine/config/index.js';
import { isClError } from '../../../src/engine/errors.js';
import { tempDir } from '../../helpers/tmp.js';
import { assertIssue, issuesOf } from './helpers.js';

test('sqlite URLs: absolute, relative to a base directory, :memory:', () => {
  assert.deepEqual(parseDbUrl('sqlite:///var/lib/cl/cl.db', '/base'), { dialect: 'sqlite', url: 'sqlite:///var/lib/cl/cl.db', display: 'sqlite:///var/lib/cl/cl.db', path: '/var/lib/cl/cl.db' });
  assert.equal(parseDbUrl('sqlite://./cl.db', '/etc/cl').path, '/etc/cl/cl.db');
  assert.equal(parseDbUrl('sqlite://data/cl.db', '/etc/cl').path, '/etc/cl/data/cl.db');
  assert.equal(parseDbUrl('sqlite://../cl.db', '/etc/cl').url, 'sqlite:///etc/cl.db');
  assert.equal(parseDbUrl('sqlite://:memory:').path, ':memory:');
  assert.equal(absolutizeSqliteUrl('sqlite://./x.db', '/d'), 'sqlite:///d/x.db');
  assert.equal(absolutizeSqliteUrl('mysql://u@h/db', '/d'), 'mysql://u@h/db');
});

test('server URLs: dialects, the password kept out of display', () => {
  const pg = parseDbUrl('postgres://cl:s3cret@10.0.0.5:5433/opensips');
  assert.deepEqual([pg.dialect, pg.display, pg.password], ['postgres', 'postgres://cl:***@10.0.0.5:5433/opensips', 's3cret']);
  assert.equal(parseDbUrl('postgresql://cl@db/opensips').dialect, 'postgres');
  const my = parseDbUrl('mysql://opensips:opensipsrw@localhost/opensips');
  assert.deepEqual([my.dialect, my.display], ['mysql', 'mysql://opensips:***@localhost/opensips']);
  assert.equal(parseDbUrl('mysql://root@127.0.0.1/test').password, undefined);
  assert.equal(redactDbUrl('mysql://root@127.0.0.1/test'), 'mysql://root@127.0.0.1/test');
  assert.equal(scrubSecret('auth failed for s3cret', { password: 's3cret' }), 'auth failed for ***');
});

test('bad db_url: every reason is CL_ERR_DB_URL and hides the password', () => {
  for (const [url, re] of [
    ['localhost/opensips', /expected scheme/],
    ['redis://h/0', /unsupported scheme 'redis'/],
    ['sqlite://', /missing file path/],
    ['mysql://u:pw@/db', /missing host|malformed/],
    ['postgres://u:pw@h', /missing database name/],
  ] as const) {
    assert.throws(() => parseDbUrl(url), (e: unknown) => isClError(e, 'CL_ERR_DB_URL') && re.test(e.message) && !/:pw@/.test(e.message), url);
  }
});

test('config: db_url scheme is checked; a relative sqlite path in a file is relative to the file', async () => {
  assertIssue(issuesOf(() => parseConfig({ my_node_id: 1, db_url: 'redis://h/0' })), 'db_url', /unsupported database scheme 'redis'/);
  assert.equal(parseConfig({ my_node_id: 1 }).config.dbUrl, 'sqlite://./cl.db', 'parseConfig itself does not resolve');
  const { dir, cleanup } = tempDir();
  try {
    const f = join(dir, 'node.yaml');
    writeFileSync(f, 'my_node_id: 1\n');
    assert.equal((await loadConfigFile(f)).config.dbUrl, `sqlite://${join(dir, 'cl.db')}`);
    writeFileSync(f, 'my_node_id: 1\ndb_url: sqlite://data/x.db\n');
    assert.equal((await loadConfigFile(f)).config.dbUrl, `sqlite://${join(dir, 'data', 'x.db')}`);
    writeFileSync(f, 'my_node_id: 1\ndb_url: postgres://u:p@h/db\n');
    assert.equal((await loadConfigFile(f)).config.dbUrl, 'postgres://u:p@h/db');
  } finally {
    cleanup();
  }
});

test('the shipped db_mode 1 examples share one SQLite file and name no node URLs', async () => {
  for (const n of [1, 2, 3]) {
    const { config } = await loadConfigFile(fileURLToPath(new URL(`../../../../examples/db/node${n}.yaml`, import.meta.url)));
    assert.deepEqual([config.myNodeId, config.dbMode, config.dbUrl, config.dbTable], [n, 1, 'sqlite:///tmp/cl-local-cluster.db', 'clusterer']);
    assert.deepEqual([config.myNodeInfo, config.socket], [[], []], 'URLs and listeners come from the table');
    assert.equal(config.controlSocket, `/tmp/cl-node${n}.sock`);
  }
});
