/**
 * db_mode 1 start-up against bad tables and absent servers, once per
 * backend: bad rows are skipped with a logged reason, a bad local row and an
 * unreachable database are fatal with CL_ERR_DB and the URL (no password).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DEFAULT_COLUMNS } from '../../../src/engine/config/index.js';
import { isClError } from '../../../src/engine/errors.js';
import { initSchema } from '../../../src/engine/provisioning/schema.js';
import { makeNode } from '../../helpers/node.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';
import { BACKENDS, backendUrl, createLooseTable, dropTable, insertRaw, SECRET, uniqueTable, withDb } from './backends.js';
import { TIMING_PRESETS } from '../../../src/engine/config/presets.js';

/** Heartbeat timings of the tests. */
const FAST = TIMING_PRESETS.test;

for (const b of BACKENDS) {
  test(`db_mode 1 on ${b.label}: bad rows skipped, bad local row and unreachable database fatal`, { timeout: 60_000 }, async (t) => {
    const { dir, cleanup } = tempDir();
    const url = await backendUrl(t, b, dir);
    if (url === undefined) return cleanup();
    const [table, loose] = [uniqueTable(), uniqueTable()];
    const node = (id: number, extra: Record<string, unknown>) =>
      makeNode(dir, { my_node_id: id, db_mode: 1, db_url: url, db_table: loose, ...FAST, control_socket: join(dir, `f${id}.sock`), state_file: join(dir, `f${id}.json`), ...extra });
    const addr = async () => {
      const host = loopbackHost();
      return `bin:${host}:${await freePort(host)}`;
    };
    try {
      await withDb(url, { create: true }, async (db) => {
        await initSchema(db, table, DEFAULT_COLUMNS); // makes sure the version table exists
        await createLooseTable(db, loose);
        await insertRaw(db, loose, { id: 1, cluster: 1, node: 1, url: await addr() });
        await insertRaw(db, loose, { id: 2, cluster: 1, node: 2, url: await addr() });
        await insertRaw(db, loose, { id: 3, cluster: 1, node: 3, url: 'bin:not-an-ip:5555' });
        await insertRaw(db, loose, { id: 4, cluster: 1, node: 2, url: await addr() });
        await insertRaw(db, loose, { id: 5, cluster: 2, node: 9, url: await addr() });
        await insertRaw(db, loose, { id: 6, cluster: 1, node: 7, url: 'bin:127.0.0.1:99999' });
      });

      await t.test('a bad URL and a duplicate node are skipped with a logged reason; the others load', async () => {
        const n = node(1, {});
        try {
          await n.node.start();
          assert.deepEqual(n.node.api.getNodes(1).map((s) => [s.nodeId, s.dbId]).sort(), [[2, 2]]);
          assert.deepEqual(n.node.api.clusterIds(), [1], 'cluster 2 does not contain node 1');
          const errors = n.logs.filter((l) => l.level === 'error').map((l) => l.msg);
          assert.ok(errors.some((m) => /skipping row id 3 .*Bad URL!.*not-an-ip/.test(m)), errors.join('\n'));
          assert.ok(errors.some((m) => /skipping row id 4 .*duplicate node_id 2 in cluster 1 \(row id 2 already defines it\)/.test(m)), errors.join('\n'));
          assert.ok(errors.some((m) => /skipping row id 6 .*bad port/.test(m)), errors.join('\n'));
        } finally {
          await n.node.stop();
        }
      });

      await t.test('a bad row for the local node is fatal', async () => {
        const n = node(7, {});
        await assert.rejects(n.node.start(), (e: unknown) => isClError(e, 'CL_ERR_DB') && /Invalid info for local node \(row id 6\)/.test(e.message));
        await n.node.stop().catch(() => {});
      });

      await t.test('a missing table is fatal and names the URL', async () => {
        const n = node(1, { db_table: 'clusterer_missing' });
        await assert.rejects(n.node.start(), (e: unknown) => isClError(e, 'CL_ERR_DB') && e.message.includes(url) && /cl db init/.test(e.message));
        await n.node.stop().catch(() => {});
      });

      await t.test('an unreachable database is fatal; the message names the URL without the password', async () => {
        const down = await b.downUrl(dir);
        const n = node(1, { db_url: down });
        await assert.rejects(n.node.start(), (e: unknown) => {
          assert.ok(isClError(e, 'CL_ERR_DB'), String(e));
          assert.ok(!e.message.includes(SECRET), e.message);
          assert.ok(e.message.includes(down.replace(SECRET, '***')), e.message);
          return true;
        });
        await n.node.stop().catch(() => {});
      });
    } finally {
      await dropTable(url, table).catch(() => {});
      await dropTable(url, loose).catch(() => {});
      cleanup();
    }
  });
}
