// Broadcast with replies to 10 nodes: node 1 broadcasts, nodes 2..11 answer;
// we time messenger.broadcast() until all 10 replies are in (it ends early).
// Usage: node bench/messaging/broadcast.mjs [rounds=200]
import { fmt, machine, now, percentile, startCluster } from './lib.mjs';

const ROUNDS = Number(process.argv[2] ?? 200);
const WARMUP = 20;
const c = await startCluster(11);
try {
  for (const n of c.nodes.slice(1)) {
    n.events.subscribe(['E_CLUSTERER_REQ_RECEIVED'], (ev) => {
      void n.messaging.messenger.sendRpl(1, Number(ev.params.src_id), 'here', String(ev.params.tag));
    });
  }
  const a = c.nodes[0];
  const times = [];
  for (let i = 0; i < ROUNDS + WARMUP; i++) {
    const t0 = now();
    const r = await a.messaging.messenger.broadcast(1, `roll call ${i}`, false, 5000);
    const dt = now() - t0;
    if (r.replies.length !== 10) throw new Error(`round ${i}: ${r.replies.length} replies`);
    if (i >= WARMUP) times.push(dt);
  }
  times.sort((x, y) => x - y);
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  console.log(JSON.stringify({ bench: 'broadcast10', rounds: ROUNDS, p50Ms: +p50.toFixed(4), p99Ms: +p99.toFixed(4), machine: machine() }));
  console.error(`broadcast to 10 nodes until all 10 replies are in, ${ROUNDS} rounds: p50 ${fmt(p50)}, p99 ${fmt(p99)}`);
} finally {
  await c.stop();
}
