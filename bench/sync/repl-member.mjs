// One node of bench/sync/replication.mjs, in a process of its own: started
// by the bench with `fork`, told its address and its neighbours; it reports
// over IPC when it is synced and sees every other node, and then, as the
// writer, puts keys when told to, or, as a receiver, records when each key
// of a run arrived (on CLOCK_MONOTONIC, which every process shares) and
// reports them once it has them all.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const dist = new URL('../../dist/', import.meta.url);
const { buildMember } = await import(new URL('test/helpers/cluster.js', dist).href);

const [dir, meJson, othersJson] = process.argv.slice(2);
const me = JSON.parse(meJson);
const others = JSON.parse(othersJson);
const mono = () => Number(process.hrtime.bigint()) / 1e6;
const send = (m) => process.send(m);

// The timings of the `local` preset (nodes on one machine): what an operator would run here.
const m = buildMember(dir, me, me.id === 1 ? [] : others.filter((o) => o.id === 1), { seeds: [1], extra: { ping_interval: 1, ping_timeout: 500, node_timeout: 10, seed_fallback_interval: 1, log_level: 'warn' } });
await m.node.start();
const store = m.node.kv;
// Event-loop delay of this node during a run (10 ms resolution would hide what matters).
const eld = monitorEventLoopDelay({ resolution: 1 });
eld.enable();
// Links that went down (a run where one did measures a heal merge, not replication).
let linkDowns = 0;
m.node.cluster.on.on('link:state', (e) => {
  if (e.state === 1) linkDowns++;
});

// Receiver side: the arrival time of each key of the current run.
let run = null;
const arrived = (key, value) => {
  if (!run || !key.startsWith(run.prefix)) return;
  // By the key's number, so that the bench can take each put's slowest node.
  const i = Number(key.slice(run.prefix.length));
  if (run.lags[i] !== undefined) return; // the first arrival counts
  run.got++;
  run.lags[i] = mono() - Number(value.slice(0, value.indexOf('|')));
  if (run.got === run.count) {
    send({ type: 'done', id: me.id, lags: run.lags, at: mono(), linkDowns, eld: { p99: eld.percentile(99) / 1e6, max: eld.max / 1e6 } });
    run = null;
  }
};
const remote = store.applyRemote.bind(store);
store.applyRemote = (c) => {
  const r = remote(c);
  if (c.op === 'store') arrived(c.key, c.value);
  return r;
};
// Between `cl` nodes changes come in timed batches, applied from their bytes.
const timed = store.applyTimedBytes.bind(store);
store.applyTimedBytes = (src, c) => {
  const r = timed(src, c);
  if (r === 'applied' && c.op === 'store' && run) {
    const vOff = c.start + 4 + c.keyLen;
    arrived(src.toString('latin1', c.start + 2, c.start + 2 + c.keyLen), src.toString('latin1', vOff, vOff + 24));
  }
  return r;
};
// A key can also come by a merge (after a link of this node went down and up).
const merged = store.applyMerge.bind(store);
store.applyMerge = (c, at) => {
  const r = merged(c, at);
  if (r === 'applied') arrived(c.key, c.value);
  return r;
};

const ready = setInterval(() => {
  const synced = m.node.status.find('clusterer', 'cap:cachedb-local-repl')?.status === 1;
  const view = m.node.cluster.view(1);
  if (synced && others.every((o) => view?.isReachable(o.id))) {
    clearInterval(ready);
    send({ type: 'ready', id: me.id });
  }
}, 5);

const pad = 'v'.repeat(80);
const value = () => `${mono().toFixed(3)}|${pad}`.slice(0, 80);
const turn = () => new Promise((r) => setImmediate(r));
const tick = () => new Promise((r) => setTimeout(r, 1));

process.on('message', async (msg) => {
  if (msg.type === 'expect') {
    run = { prefix: msg.prefix, count: msg.count, lags: new Array(msg.count), got: 0 };
    eld.reset();
    send({ type: 'expecting', id: me.id });
  } else if (msg.type === 'flood') {
    // As fast as the writer can: slices of 1,000 puts per event-loop turn.
    const t0 = mono();
    for (let i = 0; i < msg.count; i += 1000) {
      for (let j = i; j < Math.min(msg.count, i + 1000); j++) store.put('default', `${msg.prefix}${j}`, value());
      await turn();
    }
    send({ type: 'wrote', id: me.id, start: t0, end: mono() });
  } else if (msg.type === 'paced') {
    // `rate` puts a second, in 1 ms slices.
    eld.reset();
    const start = performance.now();
    let i = 0;
    while (i < msg.count) {
      const due = Math.min(msg.count, Math.floor(((performance.now() - start) * msg.rate) / 1000) + 1);
      for (; i < due; i++) store.put('default', `${msg.prefix}${i}`, value());
      await tick();
    }
    send({ type: 'wrote', id: me.id, eld: { p99: eld.percentile(99) / 1e6, max: eld.max / 1e6 } });
  } else if (msg.type === 'count') {
    send({ type: 'counted', id: me.id, got: run?.got ?? null, links: [...(m.node.cluster.view(1)?.nodes.values() ?? [])].map((n) => `${n.id}:${n.link.state}`).join(' ') });
  } else if (msg.type === 'stop') {
    await m.client.close();
    await m.node.stop();
    process.exit(0);
  }
});
send({ type: 'started', id: me.id });
