import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import parse, { type ParsedFamily } from 'parse-prometheus-text-format';
import { repoRoot } from '../../helpers/cli.js';
import { waitFor, withConvergedCluster, type Member } from '../../helpers/cluster.js';
import { httpGet } from '../../helpers/http-get.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';

const TOKEN = 'metrics-token-for-the-tests';

/** The value of `name` with exactly these labels, or undefined. */
function value(fams: ParsedFamily[], name: string, labels: Record<string, string> = {}): number | undefined {
  const f = fams.find((x) => x.name === name);
  const m = f?.metrics.find((s) => JSON.stringify(Object.entries(s.labels ?? {}).sort()) === JSON.stringify(Object.entries(labels).sort()));
  return m === undefined ? undefined : Number(m.value);
}

async function scrape(m: Member): Promise<ParsedFamily[]> {
  const addr = m.node.control!.httpAddress!;
  const r = await httpGet(addr, '/metrics', TOKEN);
  assert.equal(r.status, 200, r.body);
  assert.match(r.type, /^text\/plain; version=0\.0\.4/);
  return parse(r.body);
}

test('GET /metrics on mi_http: node counts per cluster, links, traffic, drops, sync, tags and kv of a running node, behind the mi_http token', async () => {
  const host = loopbackHost();
  const miHttp = `${host}:${await freePort(host)}`;
  await withConvergedCluster(
    3,
    async (ms) => {
      const [n1] = ms as [Member, Member, Member];
      n1.node.kv.put('default', 'a', '1');
      n1.node.kv.put('default', 'b', '2');
      const addr = n1.node.control!.httpAddress!;

      assert.equal((await httpGet(addr, '/metrics')).status, 401, 'no token');
      assert.equal((await httpGet(addr, '/metrics', 'not-the-token-of-this-node')).status, 401, 'wrong token');
      const onSocket = await httpGet({ socketPath: n1.config.controlSocket }, '/metrics');
      assert.equal(onSocket.status, 200, 'the unix socket needs no token');

      const cap = { cluster: '1', capability: 'cachedb-local-repl' };
      // The kv capability syncs at start-up: node 1 (a seed) declares itself synced, node 2 then syncs from it.
      await waitFor(ms, async () => value(await scrape(n1), 'cl_capability_synced', cap) === 1, 'kv capability synced on node 1');
      const n2: ParsedFamily[] = await waitFor(ms, async () => {
        const r = await httpGet({ socketPath: ms[1]!.config.controlSocket }, '/metrics');
        const f = parse(r.body);
        return value(f, 'cl_capability_synced', cap) === 1 ? f : undefined;
      }, 'kv capability synced on node 2').then((f) => f!);
      assert.equal(value(n2, 'cl_capability_status', cap), 1);
      assert.ok(value(n2, 'cl_syncs_completed_total')! >= 1);
      assert.ok(value(n2, 'cl_sync_requests_sent_total')! >= 1);
      assert.equal(value(n2, 'cl_sync_received_records', cap), value(n2, 'cl_sync_expected_records', cap));
      const fams = await scrape(n1);
      const types = new Map(fams.map((f) => [f.name, f.type]));
      for (const [name, type] of types) {
        if (type === 'COUNTER') assert.match(name, /_total$/, `counter ${name} ends in _total`);
        assert.ok(fams.find((f) => f.name === name)!.help.length > 0, `${name} has HELP`);
      }
      assert.equal(types.get('clusterer_nodes'), 'GAUGE');
      assert.equal(value(fams, 'clusterer_nodes', { cluster: '1' }), 2);
      assert.equal(value(fams, 'clusterer_nodes_up', { cluster: '1' }), 2);
      assert.equal(value(fams, 'clusterer_nodes_down', { cluster: '1' }), 0);
      for (const node of ['2', '3']) {
        assert.equal(value(fams, 'cl_link_up', { cluster: '1', node }), 1);
        assert.equal(value(fams, 'cl_link_state', { cluster: '1', node, state: 'Up' }), 1);
        assert.equal(value(fams, 'cl_link_state', { cluster: '1', node, state: 'Down' }), 0);
        assert.ok((value(fams, 'cl_link_last_pong_age_seconds', { cluster: '1', node }) ?? -1) >= 0);
      }
      assert.ok(value(fams, 'cl_bin_packets_received_total')! > 0);
      assert.ok(value(fams, 'cl_bin_packets_sent_total')! > 0);
      assert.ok(value(fams, 'cl_bin_received_bytes_total')! > value(fams, 'cl_bin_packets_received_total')!);
      assert.ok(value(fams, 'cl_bin_sent_bytes_total')! > value(fams, 'cl_bin_packets_sent_total')!);
      assert.equal(value(fams, 'cl_bin_packets_refused_total', { reason: 'non_member' }), 0);
      assert.equal(value(fams, 'cl_bin_connections_closed_total', { reason: 'frame_too_large' }), 0);
      assert.equal(value(fams, 'cl_shtag_active', { cluster: '1', tag: 'vip' }), 1);
      assert.equal(value(fams, 'cl_kv_entries'), 2);
      assert.equal(value(fams, 'cl_kv_tombstones'), 0);
      assert.ok(value(fams, 'cl_kv_bytes')! > 0, 'the two entries take room');
      assert.equal(value(fams, 'cl_capability_synced', cap), 1);
      assert.equal(value(fams, 'cl_capability_status', cap), 1);
      assert.equal(typeof value(fams, 'cl_sync_received_records', cap), 'number');
      assert.equal(typeof value(fams, 'cl_syncs_completed_total'), 'number');
      assert.equal(value(fams, 'cl_node_info', { node: '1' }), 1);
      const doc = readFileSync(join(repoRoot, 'docs', 'metrics.md'), 'utf8');
      for (const f of fams) assert.ok(doc.includes(`\`${f.name}\``), `${f.name} is listed in docs/metrics.md`);

      // The values follow the node: node 3 stops, its link goes Down.
      await ms[2]!.node.stop();
      await waitFor(ms, async () => value(await scrape(n1), 'clusterer_nodes_down', { cluster: '1' }) === 1, 'node 3 Down in /metrics of node 1');
      const after = await scrape(n1);
      assert.equal(value(after, 'cl_link_up', { cluster: '1', node: '3' }), 0);
      assert.equal(value(after, 'clusterer_nodes_up', { cluster: '1' }), 1);
    },
    { fullMesh: true, seeds: [1], extra: (id) => (id === 1 ? { mi_http: miHttp, mi_http_token: TOKEN, sharing_tag: 'vip/1=active' } : {}) },
  );
});

test('GET /metrics on the control socket too; /mi stays POST-only; a path below /metrics is 404', async () => {
  await withConvergedCluster(
    1,
    async ([n1]) => {
      const sock = { socketPath: n1!.config.controlSocket };
      const got = await httpGet(sock, '/metrics');
      assert.equal(got.status, 200);
      assert.match(got.body, /^# HELP cl_node_info /);
      assert.equal((await httpGet(sock, '/mi')).status, 405);
      assert.equal((await httpGet(sock, '/metrics/extra')).status, 404);
    },
  );
});
