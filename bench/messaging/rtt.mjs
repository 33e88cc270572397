// Request/reply round trip between two in-process nodes: node 2 answers every
// request with cluster_send_rpl; we time messenger.request() end to end.
// Usage: node bench/messaging/rtt.mjs [roundTrips=2000]
import { fmt, machine, now, percentile, startCluster } from './lib.mjs';

const N = Number(process.argv[2] ?? 2000);
const WARMUP = 200;
const c = await startCluster(2);
try {
  const [a, b] = c.nodes;
  b.events.subscribe(['E_CLUSTERER_REQ_RECEIVED'], (ev) => {
    void b.messaging.messenger.sendRpl(1, Number(ev.params.src_id), `re:${ev.params.msg}`, String(ev.params.tag));
  });
  const times = [];
  for (let i = 0; i < N + WARMUP; i++) {
    const t0 = now();
    const r = await a.messaging.messenger.request(1, 2, `ping ${i}`, 2000);
    const dt = now() - t0;
    if (!r.reply) throw new Error(`no reply for round trip ${i}`);
    if (i >= WARMUP) times.push(dt);
  }
  times.sort((x, y) => x - y);
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  console.log(JSON.stringify({ bench: 'rtt', roundTrips: N, p50Ms: +p50.toFixed(4), p99Ms: +p99.toFixed(4), maxMs: +times.at(-1).toFixed(4), machine: machine() }));
  console.error(`request/reply round trip, 2 nodes, ${N} round trips: p50 ${fmt(p50)}, p99 ${fmt(p99)}, max ${fmt(times.at(-1))}`);
} finally {
  await c.stop();
}
