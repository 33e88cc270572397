import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawMi, shapeOf, withConvergedCluster, type Member } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { recorded } from '../../helpers/mi-replies.js';

const withCluster = (n: number, fn: (ms: Member[]) => Promise<void>, before?: (ms: Member[]) => void): Promise<void> =>
  withConvergedCluster(n, fn, { extra: { log_level: 'info' }, before });

const logged = (m: Member, re: RegExp): boolean => m.logs.some((l) => re.test(l.msg));
const waitLogged = (m: Member, re: RegExp) => eventually(() => logged(m, re), { what: `node ${m.id} logs ${re}` });
const sock = (m: Member): string => m.config.controlSocket;

test('cluster_send_mi / cluster_broadcast_mi answer exactly as OpenSIPS (recorded replies 23-28, 44-50, 69, 70)', async () => {
  await withCluster(3, async (ms) => {
    const [a, b, c] = [ms[0]!, ms[1]!, ms[2]!];
    for (const seq of ['23', '24', '25', '26', '44', '45', '46', '47', '48', '49', '28']) {
      const rec = recorded(seq);
      assert.equal(await rawMi(sock(a), rec.request_body), rec.reply_raw, `recorded ${rec.file}`);
    }
    await waitLogged(b, /^MI command uptime returned with success/);
    await waitLogged(b, /^MI command no_such_cmd returned with error/);
    // Like OpenSIPS, the receiver runs it with string params, so the array param is refused there (cf. reply 28).
    await waitLogged(c, /^MI command get_statistics returned with error/);
    for (const seq of ['27', '50']) {
      const rec = recorded(seq);
      const reply = JSON.parse(await rawMi(sock(a), rec.request_body)) as { result: { Server: string } };
      assert.deepEqual(shapeOf(reply), shapeOf(rec.reply), `recorded ${rec.file}`);
      assert.match(reply.result.Server, /^cl /);
    }
    await waitLogged(c, /^MI command version returned with success/);
    c.node.api.setState(1, undefined, false);
    await eventually(() => a.node.api.getNodes(1).find((n) => n.nodeId === 3)?.reachable === false, { timeoutMs: 15_000, what: 'node 1 sees node 3 down' });
    const rec69 = recorded('69');
    assert.equal(await rawMi(sock(a), rec69.request_body), rec69.reply_raw);
    const rec70 = recorded('70');
    assert.equal(await rawMi(sock(c), rec70.request_body), rec70.reply_raw);
  });
});

test('cl_send_mi / cl_broadcast_mi return each cl node\'s result, named and array params included', async () => {
  await withCluster(3, async (ms) => {
    const [a, , c] = [ms[0]!, ms[1]!, ms[2]!];
    await eventually(() => a.node.messaging.peers.list(1).length === 2, { what: 'node 1 knows nodes 2 and 3 as cl nodes' });
    const up = (await a.client.call('cl_send_mi', [1, 2, 'uptime'])) as { status: string; peer: string; result: Record<string, string> };
    assert.deepEqual([up.status, up.peer], ['ok', 'cl']);
    assert.match(up.result['Up time']!, /^\d+ \[sec\]$/);
    const named = (await a.client.call('cl_send_mi', { cluster_id: 1, destination: 3, cmd_name: 'sr_get_status', cmd_params: { group: 'clusterer', identifier: 'node_states' } })) as { status: string; result: Record<string, unknown> };
    assert.equal(named.status, 'ok');
    assert.equal(named.result.Readiness, true);
    const arrays = (await a.client.call('cl_send_mi', [1, 3, 'get_statistics', [['clusterer_nodes_up']]])) as { status: string; result: Record<string, unknown> };
    assert.equal(arrays.status, 'ok', JSON.stringify(arrays));
    const unknown = (await a.client.call('cl_send_mi', [1, 2, 'no_such_cmd'])) as { status: string; error: { code: number } };
    assert.deepEqual([unknown.status, unknown.error.code], ['error', -32601]);
    const loop = (await a.client.call('cl_send_mi', [1, 2, 'cluster_broadcast_mi', [1, 'uptime']])) as { status: string; error: { message: string } };
    assert.equal(loop.status, 'error');
    assert.match(loop.error.message, /not run on behalf of another node/);

    const all = (await a.client.call('cl_broadcast_mi', [1, 'uptime'])) as { results: Record<string, { status: string; peer: string }>; failed: number[] };
    assert.deepEqual(Object.keys(all.results).sort(), ['1', '2', '3']);
    assert.deepEqual(Object.values(all.results).map((r) => r.status), ['ok', 'ok', 'ok']);
    assert.equal(all.results['1']!.peer, 'local');
    assert.deepEqual(all.failed, []);

    await c.client.close();
    await c.node.stop();
    await eventually(() => a.node.api.getNodes(1).find((n) => n.nodeId === 3)?.reachable === false, { timeoutMs: 15_000, what: 'node 1 sees node 3 down' });
    const down = (await a.client.call('cl_broadcast_mi', [1, 'uptime', [], 500])) as { results: Record<string, { status: string; error?: { message: string } }>; failed: number[] };
    assert.deepEqual([down.results['1']!.status, down.results['2']!.status, down.results['3']!.status], ['ok', 'ok', 'down']);
    assert.equal(down.results['3']!.error?.message, 'Destination down');
    assert.deepEqual(down.failed, [3]);
  });
});

test('peers not known as cl nodes are sent-only (MI_CMD): they run the command, no result comes back', async () => {
  await withCluster(
    3,
    async (ms) => {
      const [a, b] = [ms[0]!, ms[1]!];
      const r = (await a.client.call('cl_broadcast_mi', [1, 'uptime'])) as { results: Record<string, { status: string; peer: string }>; failed: number[] };
      assert.deepEqual([r.results['2'], r.results['3']], [{ status: 'sent', peer: 'other' }, { status: 'sent', peer: 'other' }]);
      assert.deepEqual(r.failed, []);
      await waitLogged(b, /^MI command uptime returned with success/);
      const named = (await a.client.call('cl_send_mi', [1, 2, 'sr_get_status', { group: 'clusterer' }])) as { status: string };
      assert.equal(named.status, 'unsupported', 'named params cannot travel in MI_CMD');
    },
    // Node 1 never learns who is a cl node: as if every peer were OpenSIPS.
    (ms) => ms[0]!.node.cluster.dispatch.offCapability('cl-hello'),
  );
});

test('a cl peer that does not answer in time is reported as timed out', async () => {
  await withCluster(2, async (ms) => {
    const [a, b] = [ms[0]!, ms[1]!];
    await eventually(() => a.node.messaging.peers.isCl(1, 2), { what: 'node 1 knows node 2 as a cl node' });
    b.node.cluster.dispatch.offCapability('cl-mi');
    const t0 = Date.now();
    const r = (await a.client.call('cl_send_mi', [1, 2, 'uptime', [], 300])) as { status: string };
    assert.equal(r.status, 'timeout');
    assert.ok(Date.now() - t0 < 2000);
  });
});
