import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REQ_RECEIVED, RPL_RECEIVED } from '../../../src/engine/events/names.js';
import { isGeneratedTag } from '../../../src/engine/messages/index.js';
import { buildCluster, stopAll, withConvergedCluster, type Member } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';
import { tempDir } from '../../helpers/tmp.js';

/** Every member answers each request with `<id>:<msg>`, through the library call. */
function answerAll(ms: Member[]): void {
  for (const m of ms) {
    m.node.events.subscribe([REQ_RECEIVED], (ev) => {
      const { cluster_id, src_id, msg, tag } = ev.params;
      void m.node.messaging.messenger.sendRpl(Number(cluster_id), Number(src_id), `${m.id}:${msg}`, String(tag));
    });
  }
}

const withCluster = (n: number, fn: (ms: Member[]) => Promise<void>): Promise<void> => withConvergedCluster(n, fn);

test('request/reply over a direct link: tag format, events on both sides, library and MI', async () => {
  await withCluster(3, async (ms) => {
    const [a, b] = [ms[0]!, ms[1]!];
    answerAll(ms);
    const r = await a.node.messaging.messenger.request(1, 2, 'hello', 3000);
    assert.equal(r.code, 1);
    assert.match(r.tag, /^1-1-[A-Za-y1-6]{24}$/);
    assert.ok(isGeneratedTag(r.tag));
    assert.deepEqual(r.reply && { src: r.reply.srcId, msg: r.reply.msg }, { src: 2, msg: '2:hello' });
    const req = b.events.find((e) => e.name === REQ_RECEIVED && e.params.tag === r.tag);
    assert.deepEqual(req?.params, { cluster_id: 1, src_id: 1, msg: 'hello', tag: r.tag });
    const rpl = a.events.find((e) => e.name === RPL_RECEIVED && e.params.tag === r.tag);
    assert.deepEqual(Object.keys(rpl?.params ?? {}), ['cluster_id', 'src_id', 'msg', 'tag']);

    const viaMi = (await a.client.call('cluster_send_req', [1, 3, 'mi', 2000])) as { code: number; tag: string; reply: unknown };
    assert.deepEqual(viaMi.reply, { src_id: 3, msg: '3:mi' });
    const sentOnly = (await a.client.callRaw('cluster_send_req', { cluster_id: 1, dst_id: 2, msg: 'x' })) as Record<string, unknown>;
    assert.deepEqual(Object.keys(sentOnly), ['code', 'status', 'tag']);
    assert.equal(sentOnly.code, 1);
    assert.equal(a.node.messaging.messenger.waiters.size, 0, 'no waiter is left behind');
  });
});

test('request/reply across a relayed path when the direct link is cut', async () => {
  await withCluster(3, async (ms) => {
    const [a, b] = [ms[0]!, ms[1]!];
    answerAll(ms);
    a.faults.dropPeer = (ip) => ip === b.host;
    b.faults.dropPeer = (ip) => ip === a.host;
    await eventually(() => a.node.api.getNextHop(1, 2) === 3 && b.node.api.getNextHop(1, 1) === 3, { timeoutMs: 15_000, what: 'routes 1→3→2 and 2→3→1' });
    const r = await a.node.messaging.messenger.request(1, 2, 'via 3', 3000);
    assert.equal(r.code, 1);
    assert.equal(r.reply?.msg, '2:via 3');
    const seen = b.events.find((e) => e.name === REQ_RECEIVED && e.params.tag === r.tag);
    assert.equal(seen?.params.src_id, 1, 'the relay keeps the original source');
  });
});

test('broadcast collects one reply per node, with and without include_self, and ends early', async () => {
  await withCluster(3, async (ms) => {
    const a = ms[0]!;
    answerAll(ms);
    const t0 = Date.now();
    const r = await a.node.messaging.messenger.broadcast(1, 'all', false, 5000);
    assert.ok(Date.now() - t0 < 4000, 'ends once every node answered');
    assert.equal(r.code, 1);
    assert.deepEqual(r.sentTo.sort(), [2, 3]);
    assert.deepEqual(r.replies.map((x) => x.msg).sort(), ['2:all', '3:all']);
    const self = await a.node.messaging.messenger.broadcast(1, 'me too', true, 5000);
    assert.deepEqual(self.replies.map((x) => x.msg).sort(), ['1:me too', '2:me too', '3:me too']);
    const local = a.events.find((e) => e.name === REQ_RECEIVED && e.params.tag === self.tag);
    assert.equal(local?.params.src_id, 1, 'include_self raises the request locally with src_id = own id');
    const viaMi = (await a.client.call('cluster_broadcast_req', [1, 'mi', 0, 3000])) as { replies: { src_id: number }[]; sent_to: number[] };
    assert.deepEqual(viaMi.replies.map((x) => x.src_id).sort(), [2, 3]);
  });
});

test('sending to the own id raises the event locally; a reply to an unknown tag is just an event', async () => {
  await withCluster(2, async (ms) => {
    const [a, b] = [ms[0]!, ms[1]!];
    const self = await a.node.messaging.messenger.sendReq(1, 1, 'to me');
    assert.equal(self.code, 1);
    assert.ok(a.events.some((e) => e.name === REQ_RECEIVED && e.params.tag === self.tag && e.params.src_id === 1));
    const stray = await b.node.messaging.messenger.sendRpl(1, 1, 'late answer', '1-1-NOBODYWAITSFORTHISTAGxx');
    assert.equal(stray, 1);
    await eventually(() => a.events.some((e) => e.name === RPL_RECEIVED && e.params.msg === 'late answer'), { what: 'stray reply raised as an event' });
    assert.equal(await b.node.messaging.messenger.sendRpl(1, 1, 'no tag', ''), -3, 'an empty tag is refused');
    answerAll([b]);
    const after = await a.node.messaging.messenger.request(1, 2, 'still fine', 3000);
    assert.equal(after.reply?.msg, '2:still fine');
  });
});

test('return codes: -1 local node disabled, -2 unreachable, -3 unknown cluster or node', async () => {
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 2, { fullMesh: true });
  const a = ms[0]!;
  try {
    await a.node.start(); // node 2 is never started: no path to it
    const m = a.node.messaging.messenger;
    assert.equal((await m.sendReq(1, 2, 'x')).code, -2);
    assert.equal((await m.broadcastReq(1, 'x')).code, -2);
    assert.equal((await m.sendReq(9, 2, 'x')).code, -3);
    assert.equal((await m.sendReq(1, 7, 'x')).code, -3);
    const viaMi = (await a.client.call('cluster_send_req', [1, 2, 'x'])) as { code: number; status: string };
    assert.deepEqual([viaMi.code, viaMi.status], [-2, 'destination unreachable']);
    a.node.api.setState(1, undefined, false);
    assert.equal((await m.sendReq(1, 2, 'x')).code, -1);
    assert.equal((await m.broadcastReq(1, 'x', true)).code, -1);
    assert.equal(await m.sendRpl(1, 2, 'x', '1-2-abc'), -1);
    const r = await m.request(1, 2, 'x', 5000);
    assert.equal(r.code, -1);
    assert.equal(r.reply, undefined);
  } finally {
    await stopAll(ms);
    cleanup();
  }
});
