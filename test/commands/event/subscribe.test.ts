import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildCluster, stopAll } from '../../helpers/cluster.js';
import { clBin, runCl } from '../../helpers/cli.js';
import { eventually } from '../../helpers/eventually.js';
import { tempDir } from '../../helpers/tmp.js';

test('cl event subscribe piped: one NDJSON line per event; SIGINT ends it and the node drops the subscription', async () => {
  const { dir, cleanup } = tempDir();
  const [m] = await buildCluster(dir, 1);
  const node = m!.node;
  const child = spawn(process.execPath, [clBin, 'event', 'subscribe', 'E_CLUSTERER_REQ_RECEIVED', '--filter', 'cluster_id=1', '-s', m!.config.controlSocket], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await node.start();
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    await eventually(() => node.eventStreams.count === 1, { timeoutMs: 15_000, what: `subscriber connected (stderr: ${stderr})` });
    const sent = await node.messaging.messenger.sendReq(1, 1, 'where alice');
    const first = await Promise.race([lines.next(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('no line within 5 s')), 5000).unref())]);
    assert.deepEqual(JSON.parse(String(first.value)), { event: 'E_CLUSTERER_REQ_RECEIVED', params: { cluster_id: 1, src_id: 1, msg: 'where alice', tag: sent.tag } });
    child.kill('SIGINT');
    assert.equal(await exited, 0, stderr);
    await eventually(() => node.eventStreams.count === 0, { what: 'the node dropped the subscription' });
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    await stopAll([m!]);
    cleanup();
  }
});

test('cl event subscribe: --count ends after N events; no node gives exit 3', async () => {
  const { dir, cleanup } = tempDir();
  const [m] = await buildCluster(dir, 1);
  try {
    await m!.node.start();
    const run = runCl(['event', 'subscribe', '--count', '2', '--json', '-s', m!.config.controlSocket], { timeoutMs: 15_000 });
    await eventually(() => m!.node.eventStreams.count === 1, { timeoutMs: 15_000, what: 'subscriber connected' });
    await m!.node.messaging.messenger.sendReq(1, 1, 'one');
    await m!.node.messaging.messenger.sendRpl(1, 1, 'two', '1-1-t');
    const r = await run;
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { params: { msg: string } }).params.msg), ['one', 'two']);
    const none = await runCl(['event', 'subscribe', '-s', join(dir, 'none.sock')]);
    assert.equal(none.code, 3);
    assert.match(none.stderr, /cannot reach/);
    // An event the node does not raise is refused at once, the known ones listed (it would wait forever otherwise).
    const [nope, nopeJson] = await Promise.all([
      runCl(['event', 'subscribe', 'E_NOPE', '-s', m!.config.controlSocket], { timeoutMs: 15_000 }),
      runCl(['event', 'subscribe', 'E_CLUSTERER_REQ_RECEIVED', 'E_NOPE', '--json', '-s', m!.config.controlSocket], { timeoutMs: 15_000 }),
    ]);
    assert.equal(nope.code, 2);
    assert.equal(nope.stderr, "error: unknown event 'E_NOPE'; this node raises E_CLUSTERER_REQ_RECEIVED, E_CLUSTERER_RPL_RECEIVED, E_CLUSTERER_NODE_STATE_CHANGED, E_CLUSTERER_SHARING_TAG_CHANGED\n");
    assert.equal((JSON.parse(nopeJson.stdout) as { error: { code: string } }).error.code, 'CL_ERR_UNKNOWN_EVENT');
    assert.equal(m!.node.eventStreams.count, 0, 'no subscription was opened');
  } finally {
    await stopAll([m!]);
    cleanup();
  }
});
