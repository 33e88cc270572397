import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_COLUMNS, type ColumnNames } from '../../../src/engine/config/index.js';
import { isClError } from '../../../src/engine/errors.js';
import { toPgPlaceholders } from '../../../src/engine/provisioning/drivers/postgres.js';
import { selectNodes } from '../../../src/engine/provisioning/load.js';
import { checkRow } from '../../../src/engine/provisioning/rows.js';
import { createClustererSql, createVersionSql } from '../../../src/engine/provisioning/sql.js';
import { validateNewNode } from '../../../src/engine/provisioning/table.js';

/** A row as a driver returns it (seed 001, example 1.34). */
const row = (o: Record<string, unknown> = {}) => ({
  id: 10, cluster_id: 1, node_id: 1, url: 'bin:192.168.0.5:5566', state: 1, no_ping_retries: 3, priority: 50, sip_addr: null, flags: null, description: 'Node A', ...o,
});

test('checkRow: the example rows of the OpenSIPS docs; ints as strings or bigints', () => {
  const r = checkRow(row(), DEFAULT_COLUMNS);
  assert.ok(r.ok);
  assert.deepEqual(r.row, row());
  assert.ok(checkRow(row({ id: '10', cluster_id: 1n, node_id: '2' }), DEFAULT_COLUMNS).ok);
});

test('checkRow: OpenSIPS reasons (null, bad type, empty, ids > 0, Bad URL)', () => {
  const why = (o: Record<string, unknown>): string => {
    const r = checkRow(row(o), DEFAULT_COLUMNS);
    assert.ok(!r.ok);
    return r.reason;
  };
  assert.match(why({ url: null }), /column url is null/);
  assert.match(why({ url: '  ' }), /column url \(str\) is empty/);
  assert.match(why({ node_id: 'two' }), /column node_id has a bad type/);
  assert.match(why({ cluster_id: 0 }), /column cluster_id must be greater than 0/);
  assert.match(why({ priority: -1 }), /column priority must be at least 0/);
  assert.match(why({ url: 'bin:host.example:5566' }), /Bad URL!.*must be an IPv4 address/);
  assert.match(why({ description: 5 }), /column description has a bad type/);
});

test('checkRow: renamed columns', () => {
  const cols: ColumnNames = { ...DEFAULT_COLUMNS, nodeId: 'machine_id', url: 'address' };
  const { node_id, url, ...rest } = row();
  assert.ok(checkRow({ ...rest, machine_id: node_id, address: url }, cols).ok);
});

test('selectNodes: local node per cluster, disabled and seed rows, bad and duplicate rows skipped', () => {
  const p = selectNodes(
    [
      row({ id: 1, cluster_id: 2, node_id: 1, url: 'bin:10.0.0.1:5566' }),
      row({ id: 2, cluster_id: 1, node_id: 1, url: 'bin:10.0.0.1:5566', flags: 'seed', sip_addr: '10.0.0.1:5060' }),
      row({ id: 3, node_id: 2, url: 'bin:10.0.0.2', state: 0 }),
      row({ id: 4, node_id: 3, url: 'tcp:10.0.0.3:5566' }),
      row({ id: 5, node_id: 2, url: 'bin:10.0.0.9:5566' }),
    ],
    DEFAULT_COLUMNS,
    1,
  );
  assert.deepEqual(p.myNodeInfo.map((n) => [n.clusterId, n.seed, n.sipAddr]), [[1, true, '10.0.0.1:5060'], [2, false, undefined]]);
  assert.deepEqual(p.neighborNodeInfo.map((n) => [n.nodeId, n.url, n.enabled, n.dbId]), [[2, 'bin:10.0.0.2:5555', false, 3]]);
  assert.deepEqual(p.rejected.map((r) => r.id), [4, 5]);
  assert.match(p.rejected[0]!.reason, /unsupported scheme 'tcp'/);
  assert.match(p.rejected[1]!.reason, /duplicate node_id 2 in cluster 1 \(row id 3 already defines it\)/);
});

test('selectNodes: a bad or duplicated row for the local node is fatal (CL_ERR_DB)', () => {
  const fatal = (rows: Record<string, unknown>[], re: RegExp) =>
    assert.throws(() => selectNodes(rows, DEFAULT_COLUMNS, 1), (e: unknown) => isClError(e, 'CL_ERR_DB') && re.test(e.message));
  fatal([row({ url: 'bin:1.2.3:5566' })], /Invalid info for local node \(row id 10\): Bad URL!/);
  fatal([row({ id: 1 }), row({ id: 2 })], /Invalid info for local node \(row id 2\): duplicate node_id 1 in cluster 1/);
});

test('validateNewNode: ids > 0, url syntax, ranges, every problem at once; URL normalized', () => {
  assert.deepEqual(validateNewNode({ clusterId: '1', nodeId: 2, url: 'localhost:5552', flags: 'seed' }), {
    cluster_id: 1, node_id: 2, url: 'bin:127.0.0.1:5552', state: 1, no_ping_retries: 3, priority: 50, sip_addr: null, flags: 'seed', description: null,
  });
  assert.throws(
    () => validateNewNode({ clusterId: '0', nodeId: '-2', url: 'bin:nowhere', state: 2, description: 'x'.repeat(65) }),
    (e: unknown) => {
      assert.ok(isClError(e, 'CL_ERR_INVALID_ARGUMENT'));
      for (const re of [/bad cluster_id 0: must be greater than 0/, /bad node_id "-2"/, /bad state 2/, /description is longer than 64/, /Bad URL!/]) assert.match(e.message, re);
      return true;
    },
  );
});

test('DDL: the OpenSIPS clusterer table per engine, with renamed columns', () => {
  const cols = { ...DEFAULT_COLUMNS, flags: 'node_flags' };
  const pg = createClustererSql('postgres', 'clusterer', cols);
  assert.match(pg, /"id" SERIAL PRIMARY KEY NOT NULL/);
  assert.match(pg, /"node_flags" VARCHAR\(64\) DEFAULT NULL/);
  assert.match(pg, /CONSTRAINT "clusterer_clusterer_idx" UNIQUE \("cluster_id", "node_id"\)/);
  const my = createClustererSql('mysql', 'clusterer', DEFAULT_COLUMNS);
  assert.match(my, /`id` INT\(10\) UNSIGNED PRIMARY KEY AUTO_INCREMENT NOT NULL/);
  assert.match(my, /`priority` INT\(10\) DEFAULT 50 NOT NULL/);
  assert.match(my, /ENGINE=InnoDB$/);
  assert.match(createClustererSql('sqlite', 'c', DEFAULT_COLUMNS), /"state" INTEGER DEFAULT 1 NOT NULL/);
  assert.match(createVersionSql('mysql'), /`table_name` CHAR\(32\) NOT NULL/);
  assert.equal(toPgPlaceholders('a = ? AND b IN (?, ?)'), 'a = $1 AND b IN ($2, $3)');
});
