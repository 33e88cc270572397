import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ControlClient } from '../../../src/client/control-client.js';
import { runCl, startNodeProcess, type NodeProcess } from '../../helpers/cli.js';
import { FAST } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';

/** Node 3's handler, referred to relatively (`./where.sh`): it resolves against the config file's folder. */
const WHERE_SH = `#!/bin/sh
[ "$CL_MSG" = "where alice" ] && echo "alice is here"
exit 0
`;

test('cl msg send|broadcast|reply|mi against three node processes; node 3 answers through an exec handler', async () => {
  const { dir, cleanup } = tempDir();
  writeFileSync(join(dir, 'where.sh'), WHERE_SH);
  chmodSync(join(dir, 'where.sh'), 0o755);
  const addrs = [];
  for (let id = 1; id <= 3; id++) {
    const host = loopbackHost();
    addrs.push({ id, host, url: `bin:${host}:${await freePort(host)}`, socket: join(dir, `n${id}.sock`) });
  }
  const nodes: NodeProcess[] = [];
  const clients: ControlClient[] = [];
  try {
    for (const a of addrs) {
      nodes.push(await startNodeProcess(dir, `n${a.id}`, {
        my_node_id: a.id,
        db_mode: 0,
        my_node_info: `cluster_id=1, url=${a.url}`,
        neighbor_node_info: addrs.filter((b) => b.id !== a.id).map((b) => `cluster_id=1, node_id=${b.id}, url=${b.url}`),
        control_socket: a.socket,
        state_file: join(dir, `n${a.id}.peers.json`),
        log_level: 'warn',
        ...FAST,
        ...(a.id === 3 ? { event_handlers: [{ event: 'E_CLUSTERER_REQ_RECEIVED', exec: './where.sh', timeout: '2s', concurrency: 4 }] } : {}),
      }));
    }
    const c1 = new ControlClient({ socketPath: addrs[0]!.socket, timeoutMs: 3000 });
    clients.push(c1);
    await eventually(async () => {
      const peers = (await c1.call('cl_peers')) as { Clusters: { cl_nodes: number[] }[] };
      return peers.Clusters[0]?.cl_nodes.length === 2;
    }, { timeoutMs: 15_000, what: 'node 1 sees nodes 2 and 3 as cl nodes' });
    const s1 = ['-s', addrs[0]!.socket];

    const bc = await runCl(['msg', 'broadcast', '1', 'where alice', '--wait', '1s', ...s1]);
    assert.equal(bc.code, 0, bc.stderr);
    assert.equal(bc.stdout, 'node 3: alice is here\n');

    const bcJson = await runCl(['msg', 'broadcast', '1', 'where alice', '--wait', '1s', '--json', ...s1]);
    assert.equal(bcJson.code, 0, bcJson.stderr);
    const line = JSON.parse(bcJson.stdout) as { src_id: number; msg: string; tag: string };
    assert.deepEqual([line.src_id, line.msg], [3, 'alice is here']);
    assert.match(line.tag, /^1-1-[A-Za-y1-6]{24}$/);

    const send = await runCl(['msg', 'send', '1', '3', 'where alice', '--wait', '2s', ...s1]);
    assert.deepEqual([send.code, send.stdout], [0, 'alice is here\n'], send.stderr);
    const tagOnly = await runCl(['msg', 'send', '1', '2', 'hello', ...s1]);
    assert.equal(tagOnly.code, 0, tagOnly.stderr);
    assert.match(tagOnly.stdout, /^1-1-[A-Za-y1-6]{24}\n$/);
    const noReply = await runCl(['msg', 'send', '1', '2', 'where alice', '--wait', '300ms', ...s1]);
    assert.equal(noReply.code, 4);
    assert.match(noReply.stderr, /no reply to 1-1-\S+ within 300ms/);
    const [unknown, unknownJson, badTag, otherTag] = await Promise.all([
      runCl(['msg', 'send', '1', '9', 'x', ...s1]),
      runCl(['msg', 'send', '1', '9', 'x', '--json', ...s1]),
      runCl(['msg', 'reply', '1', '1', 'badtag', 'hi', ...s1]),
      runCl(['msg', 'reply', '1', '2', '1-1-AAAAAAAAAAAAAAAAAAAAAAAA', 'hi', ...s1]),
    ]);
    assert.equal(unknown.code, 5, 'an unknown node: the same exit code as everywhere');
    assert.equal(unknown.stderr.trim(), 'error: request not sent: node 9 is not known in cluster 1 (its other nodes: 2, 3)');
    assert.deepEqual(JSON.parse(unknownJson.stdout), { error: { code: 'CL_ERR_UNKNOWN_NODE', message: 'request not sent: node 9 is not known in cluster 1 (its other nodes: 2, 3)', exit: 5 } }, 'an error object, not the send result');
    assert.equal(badTag.code, 2);
    assert.match(badTag.stderr, /^error: bad TAG 'badtag': expected the tag of a request, CLUSTER-NODE-RANDOM/);
    assert.equal(otherTag.code, 2);
    assert.match(otherTag.stderr, /is of a request from node 1 of cluster 1, not from node 2 of cluster 1/);
    const rpl = await runCl(['msg', 'reply', '1', '1', '1-1-AAAAAAAAAAAAAAAAAAAAAAAA', 'hi', '-s', addrs[2]!.socket]);
    assert.deepEqual([rpl.code, rpl.stdout], [0, ''], rpl.stderr);

    const mi = await runCl(['msg', 'mi', '1', 'uptime', '--json', ...s1]);
    assert.equal(mi.code, 0, mi.stderr);
    const res = JSON.parse(mi.stdout) as { results: Record<string, { status: string; peer: string }>; failed: number[] };
    assert.deepEqual(Object.entries(res.results).map(([id, r]) => `${id}:${r.status}:${r.peer}`), ['1:ok:local', '2:ok:cl', '3:ok:cl']);
    const one = await runCl(['msg', 'mi', '1', 'sr_get_status', 'group=clusterer', 'identifier=node_states', '--to', '3', ...s1]);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /^node 3: ok \{"Readiness":true/);

    await nodes[1]!.kill();
    await eventually(async () => {
      const list = (await c1.call('clusterer_list')) as { Clusters: { Nodes: { node_id: number; next_hop: string }[] }[] };
      return list.Clusters[0]!.Nodes.find((n) => n.node_id === 2)?.next_hop === 'none';
    }, { timeoutMs: 15_000, what: 'node 1 sees node 2 down' });
    const unreachable = await runCl(['msg', 'send', '1', '2', 'x', '--json', ...s1]);
    assert.equal(unreachable.code, 1);
    const err = (JSON.parse(unreachable.stdout) as { error: { code: string; message: string } }).error;
    assert.equal(err.code, 'CL_ERR_MSG_NOT_SENT');
    assert.match(err.message, /^request not sent \(code -2, destination unreachable\): node 2 of cluster 1 is unreachable now/);
    const down = await runCl(['msg', 'mi', '1', 'uptime', '--wait', '500ms', ...s1]);
    assert.equal(down.code, 1);
    assert.match(down.stdout, /^node 1 \(local\): ok .*\nnode 2: down 400 Destination down\nnode 3: ok /);
  } finally {
    for (const c of clients) await c.close();
    for (const n of nodes) await n.stop();
    cleanup();
  }
});
