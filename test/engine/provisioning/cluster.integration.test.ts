/**
 * db_mode 1 end to end, once per backend: nodes provisioned from the
 * clusterer table converge; clusterer_reload adds, removes and changes
 * nodes; persistent_mode stores set_status; a database that goes away
 * during a reload leaves the topology as it was.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { ControlClient } from '../../../src/client/control-client.js';
import { ClientError } from '../../../src/client/errors.js';
import { DEFAULT_COLUMNS } from '../../../src/engine/config/index.js';
import { initSchema } from '../../../src/engine/provisioning/schema.js';
import { NodeTable } from '../../../src/engine/provisioning/table.js';
import { quoteIdent } from '../../../src/engine/provisioning/sql.js';
import { eventually } from '../../helpers/eventually.js';
import { makeNode, type TestNode } from '../../helpers/node.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';
import { BACKENDS, backendUrl, dropTable, startProxy, uniqueTable, withDb } from './backends.js';
import { TIMING_PRESETS } from '../../../src/engine/config/presets.js';

/** Heartbeat timings of the tests. */
const FAST = TIMING_PRESETS.test;
const others = (ids: number[], id: number): number[] => ids.filter((x) => x !== id);

for (const b of BACKENDS) {
  test(`db_mode 1 on ${b.label}: converge, reload add/remove/change, persistent_mode, DB gone`, { timeout: 180_000 }, async (t) => {
    const { dir, cleanup } = tempDir();
    const url = await backendUrl(t, b, dir);
    if (url === undefined) return cleanup();
    const table = uniqueTable();
    // Nodes reach a server database through a relay the test can cut.
    const proxy = b.name === 'sqlite' ? undefined : await startProxy(url);
    const nodeDbUrl = proxy ? b.via(url, proxy.port) : url;
    const nodes = new Map<number, TestNode>();
    const clients = new Map<number, ControlClient>();
    const urls = new Map<number, string>();
    const rows = <T>(fn: (tbl: NodeTable) => Promise<T>): Promise<T> => withDb(url, {}, (db) => fn(new NodeTable(db, table, DEFAULT_COLUMNS)));
    /** An UPDATE of node `node`'s row in cluster 1 (`sets`: quoted column names get `= ?`). */
    const update = (sets: Record<string, string | number>, node: number) =>
      withDb(url, {}, (db) => {
        const q = (n: string) => quoteIdent(db.dialect, n);
        const assign = Object.keys(sets).map((k) => `${q(k)} = ?`).join(', ');
        return db.run(`UPDATE ${q(table)} SET ${assign} WHERE ${q('node_id')} = ? AND ${q('cluster_id')} = 1`, [...Object.values(sets), node]);
      });
    const addRow = async (id: number, extra: { flags?: string; description?: string; sipAddr?: string } = {}) => {
      const host = loopbackHost();
      urls.set(id, `bin:${host}:${await freePort(host)}`);
      return rows((tbl) => tbl.add({ clusterId: 1, nodeId: id, url: urls.get(id)!, ...extra }));
    };
    const start = async (id: number) => {
      const n = makeNode(dir, {
        my_node_id: id, db_mode: 1, db_url: nodeDbUrl, db_table: table, persistent_mode: 1, ...FAST,
        control_socket: join(dir, `n${id}.sock`), state_file: join(dir, `n${id}.peers.json`),
      });
      nodes.set(id, n);
      await n.node.start();
      clients.set(id, new ControlClient({ socketPath: n.config.controlSocket, timeoutMs: 5000 }));
      return n;
    };
    const stop = async (id: number) => {
      await clients.get(id)?.close();
      clients.delete(id);
      await nodes.get(id)?.node.stop();
      nodes.delete(id);
    };
    const mi = (id: number, method: string, params?: unknown[]) => clients.get(id)!.callRaw(method, params);
    const upIds = (id: number) => nodes.get(id)!.node.api.getNodes(1).filter((s) => s.linkState === 'Up').map((s) => s.nodeId).sort();
    const converged = (ids: number[]) =>
      eventually(() => ids.every((id) => JSON.stringify(upIds(id)) === JSON.stringify(others(ids, id))), { timeoutMs: 20_000, what: `nodes ${ids} all Up` });
    try {
      await t.test('cl db init creates the table and the version row, idempotently', async () => {
        const first = await withDb(url, { create: true }, (db) => initSchema(db, table, DEFAULT_COLUMNS));
        assert.deepEqual(first, { created: true, version: 4 });
        const again = await withDb(url, {}, (db) => initSchema(db, table, DEFAULT_COLUMNS));
        assert.deepEqual(again, { created: false, version: 4 });
      });

      await t.test('three nodes read from the table converge; sip_addr, description, db id, seed exposed', async () => {
        const r1 = await addRow(1, { flags: 'seed', description: 'Node A', sipAddr: '10.0.0.1:5060' });
        await addRow(2);
        await addRow(3);
        for (const id of [1, 2, 3]) await start(id);
        await converged([1, 2, 3]);
        const seen = nodes.get(2)!.node.api.getNodes(1).find((s) => s.nodeId === 1)!;
        assert.deepEqual([seen.url, seen.sipAddr, seen.description, seen.dbId, seen.priority], [urls.get(1), '10.0.0.1:5060', 'Node A', r1.id, 50]);
        assert.equal(nodes.get(1)!.node.cluster.view(1)!.local.seed, true);
        const list = (await mi(3, 'clusterer_list')) as { Clusters: { Nodes: Record<string, unknown>[] }[] };
        const one = list.Clusters[0]!.Nodes.find((n) => n.node_id === 1)!;
        assert.deepEqual([one.db_id, one.description, one.state], [r1.id, 'Node A', 'enabled']);
      });

      await t.test('cl db node add + clusterer_reload on each node grows the cluster', async () => {
        await addRow(4);
        await start(4);
        for (const id of [1, 2, 3]) assert.equal(await mi(id, 'clusterer_reload'), 'OK');
        await converged([1, 2, 3, 4]);
      });

      await t.test('a removed row disappears on reload; its packets are then dropped and logged', async () => {
        await rows((tbl) => tbl.remove(1, 4));
        // Marked before the reloads: the first refusal is logged at once, the next ones of the minute are held back.
        const logs = nodes.get(1)!.logs;
        const mark = logs.length;
        for (const id of [1, 2, 3]) await mi(id, 'clusterer_reload');
        for (const id of [1, 2, 3]) assert.deepEqual(nodes.get(id)!.node.api.getNodes(1).map((s) => s.nodeId).sort(), others([1, 2, 3], id));
        await eventually(() => logs.slice(mark).some((l) => /unknown source id \[4\]/.test(l.msg)), { timeoutMs: 30_000, what: 'packets of node 4 dropped' });
        await stop(4);
        await converged([1, 2, 3]);
      });

      await t.test('changed rows (description, state) take effect on reload', async () => {
        await update({ description: 'Node C v2', state: 0 }, 3);
        await mi(1, 'clusterer_reload');
        const c = nodes.get(1)!.node.api.getNodes(1).find((s) => s.nodeId === 3)!;
        assert.deepEqual([c.description, c.enabled], ['Node C v2', false]);
        await update({ state: 1 }, 3);
        await mi(1, 'clusterer_reload');
        await converged([1, 2, 3]);
      });

      await t.test('persistent_mode: set_status is written to the state column and survives a restart', async () => {
        const state = async (node: number) => (await rows((tbl) => tbl.find(1, node)))!.state;
        assert.equal(await mi(1, 'clusterer_set_status', [1, 3, 0]), 'OK');
        assert.equal(await state(3), 0);
        assert.equal(await mi(2, 'clusterer_set_status', [1, 0]), 'OK');
        assert.equal(await state(2), 0, 'local node: every row of node 2');
        await stop(1);
        await start(1);
        const v = nodes.get(1)!.node.cluster.view(1)!;
        assert.deepEqual([v.getNode(3)!.enabled, v.getNode(2)!.enabled], [false, false]);
        await mi(1, 'clusterer_set_status', [1, 3, 1]);
        await mi(2, 'clusterer_set_status', [1, 1]);
        assert.deepEqual([await state(3), await state(2)], [1, 1]);
        await mi(1, 'clusterer_set_status', [1, 2, 1]);
        await converged([1, 2, 3]);
      });

      await t.test('clusterer_reload with the database gone fails with 500 and keeps the topology', async () => {
        if (proxy) await proxy.close();
        else renameSync(url.slice('sqlite://'.length), `${url.slice('sqlite://'.length)}.moved`);
        await assert.rejects(mi(1, 'clusterer_reload'), (e: unknown) => {
          assert.ok(e instanceof ClientError);
          assert.deepEqual([e.rpcCode, e.message.startsWith('Failed to reload')], [500, true]);
          assert.match(e.data ?? '', proxy ? /cannot connect to database .*127\.0\.0\.1:\d+/ : /does not exist/);
          return true;
        });
        assert.deepEqual(upIds(1), [2, 3]);
        // persistent_mode without a database: the state changes, storing it fails with 500.
        await assert.rejects(mi(1, 'clusterer_set_status', [1, 3, 0]), (e: unknown) => e instanceof ClientError && e.rpcCode === 500 && /Failed to store the state/.test(e.message));
        assert.equal(nodes.get(1)!.node.cluster.view(1)!.getNode(3)!.enabled, false);
        if (!proxy) renameSync(`${url.slice('sqlite://'.length)}.moved`, url.slice('sqlite://'.length));
      });
    } finally {
      for (const id of [...nodes.keys()]) await stop(id).catch(() => {});
      await proxy?.close();
      await dropTable(url, table).catch(() => {});
      cleanup();
    }
  });
}
