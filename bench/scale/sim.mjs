#!/usr/bin/env node
// Scale in simulation: the real engine (topology, flooding, routing, sharing
// tags, kv replication) of N nodes in one process, on the in-memory network
// with a simulated clock. Only time is simulated: every packet is encoded,
// sent, decoded and handled by the production code.
//
// Usage (after `npm run build`):
//   node --expose-gc bench/scale/sim.mjs --nodes N [--seconds S] [--lossy-minutes M] [--max-formation-s R] [--ls-batch B]
//   N   cluster size (default 100); node 1 is the seed, the others know only it.
//       Above 128 the nodes run with wire_max_nodes (a cluster of cl nodes only).
//   B   ls_batch_interval in ms (default: 5 above 128 nodes, else 0: one LS_UPDATE per link change, as OpenSIPS).
//   S   simulated seconds of steady state measured (default 10).
//   M   then: 1 % loss and 20 ± 5 ms on every link for M simulated minutes,
//       counting the links that leave Up (flaps); 0 (default) skips it.
//   R   give up forming after R seconds of real time and say how far it got (default: no limit).
// Prints what it measures, then one final line:
//   scale N=<n>: join <ms> ms, failure agreement <ms> ms (simulated), <msgs> msgs/node/s, <bytes> B/node/s
import { parseArgs } from 'node:util';
import { SimCluster } from '../../dist/src/engine/sim/sim-cluster.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
    'lossy-minutes': { type: 'string', default: '0' },
    'max-formation-s': { type: 'string', default: '0' },
    'ls-batch': { type: 'string' },
  },
});
const N = Number(values.nodes);
const steadySec = Number(values.seconds);
const lossyMin = Number(values['lossy-minutes']);
const maxFormationMs = Number(values['max-formation-s']) * 1000;
if (!Number.isInteger(N) || N < 3 || N > 4000) throw new Error(`--nodes must be an integer in 3..4000, got ${values.nodes}`);

const lsBatch = values['ls-batch'] === undefined ? (N > 128 ? 5 : 0) : Number(values['ls-batch']);
const wide = N > 128 ? { wire_max_nodes: N + 8, max_nodes_per_cluster: N + 8 } : {};
const sim = new SimCluster({ common: { timing_preset: 'local', ls_batch_interval: lsBatch, ...wide }, link: { latencyMs: 0.2 } });
console.log(`N=${N}, ls_batch_interval ${lsBatch} ms${lsBatch > 0 ? ' (link changes announced together)' : ' (one LS_UPDATE per link change)'}${N > 128 ? `, wire_max_nodes ${N + 8}` : ''}`);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const fmt = (x, d = 1) => x.toFixed(d);
const heapMiB = () => process.memoryUsage().heapUsed / 2 ** 20;

// Direct links Up, counted from the nodes' own link events: checking every pair at every instant costs N² per instant.
let upLinks = 0;
let flaps = 0;
let countFlaps = false;
const watch = (n) => {
  const up = new Set();
  n.node.cluster.on.on('link:state', (e) => {
    if (e.state === 0) {
      if (!up.has(e.nodeId)) (up.add(e.nodeId), upLinks++);
    } else if (up.delete(e.nodeId)) {
      upLinks--;
      if (countFlaps) flaps++;
    }
  });
};
const add = (id, opts) => watch(sim.add(id, opts));
const meshUp = (n) => upLinks === n * (n - 1);

// 1. N-1 nodes start together, each knowing only node 1, and converge to a full mesh.
add(1);
for (let id = 2; id < N; id++) add(id, { neighbours: [1] });
let c0 = cpu();
let w0 = Date.now();
await sim.startAll();
const nodes = N - 1;
let lastReport = Date.now();
const formed = await sim.until(() => {
  const now = Date.now();
  if (now - lastReport > 10_000) {
    lastReport = now;
    console.log(`  forming: ${upLinks} of ${nodes * (nodes - 1)} links Up at ${fmt(sim.clock.now() - Date.UTC(2026, 0, 1), 0)} ms simulated, ${fmt((now - w0) / 1000, 0)} s real, ${sim.net.frames} frames, heap ${fmt(heapMiB(), 0)} MiB`);
  }
  if (maxFormationMs > 0 && now - w0 > maxFormationMs) {
    console.log(`gave up forming after ${fmt((now - w0) / 1000, 0)} s real (${fmt((cpu() - c0) / 1000)} s CPU): ${upLinks} of ${nodes * (nodes - 1)} links Up, ${sim.net.frames} frames (${fmt(sim.net.bytes / 2 ** 20, 0)} MiB) so far, heap ${fmt(heapMiB(), 0)} MiB`);
    console.log(`scale N=${N}: not formed within ${fmt(maxFormationMs / 1000, 0)} s real`);
    process.exit(2);
  }
  return meshUp(nodes);
}, 600_000, `${nodes} nodes converging`);
const framesAtUp = sim.net.frames;
console.log(`formed: ${nodes} nodes all Up after ${fmt(formed, 0)} ms simulated (${fmt((Date.now() - w0) / 1000)} s real, ${fmt((cpu() - c0) / 1000)} s CPU, ${framesAtUp} frames)`);
c0 = cpu();
w0 = Date.now();
await sim.clock.advance(3000); // let the join's floods settle
console.log(`settled: the floods of forming took ${sim.net.frames - framesAtUp} more frames, ${fmt((Date.now() - w0) / 1000)} s real, ${fmt((cpu() - c0) / 1000)} s CPU`);

// 2. Steady state: traffic, CPU per simulated second, memory.
const f0 = sim.net.frames;
const b0 = sim.net.bytes;
c0 = cpu();
await sim.clock.advance(steadySec * 1000);
const msgs = (sim.net.frames - f0) / nodes / steadySec;
const bytes = (sim.net.bytes - b0) / nodes / steadySec;
const cpuPerSimSec = (cpu() - c0) / steadySec;
global.gc?.();
const heapPerNode = process.memoryUsage().heapUsed / nodes;
console.log(`steady: ${fmt(msgs)} msgs/node/s, ${fmt(bytes, 0)} B/node/s (≈ 2 × (N-1) pings+pongs per ping_interval), ${fmt(cpuPerSimSec)} ms CPU per simulated second, ${fmt(heapPerNode / 1024)} KiB heap per node${global.gc ? '' : ' (garbage included: run with --expose-gc)'}`);

// 3. Join: node N knows only node 1; time until it is Up on every node and sees every node Up.
add(N, { neighbours: [1] });
c0 = cpu();
w0 = Date.now();
await sim.start(N);
const join = await sim.until(() => meshUp(N), 120_000, `node ${N} joining`);
console.log(`join: node ${N} Up on all ${nodes} others and sees them all after ${fmt(join)} ms simulated (${fmt((Date.now() - w0) / 1000)} s real, ${fmt((cpu() - c0) / 1000)} s CPU)`);
await sim.clock.advance(1000);

// 4. kv replication: a few writes on node 2, until every node holds them.
const kvOf = (id) => sim.get(id).node.kv;
const writes = 5;
for (let i = 0; i < writes; i++) kvOf(2).put('default', `scale:${i}`, `value ${i}`);
const everyone = sim.running().map((n) => n.id);
const kvMs = await sim.until(() => everyone.every((id) => kvOf(id).get('default', `scale:${writes - 1}`) !== undefined), 10_000, 'kv writes everywhere');
for (const id of everyone) for (let i = 0; i < writes; i++) if (kvOf(id).get('default', `scale:${i}`)?.value !== `value ${i}`) throw new Error(`node ${id} lacks scale:${i}`);
console.log(`kv: ${writes} writes on node 2 held by all ${everyone.length} nodes after ${fmt(kvMs)} ms simulated`);

// 5. Route recomputation after a change of the link-state database (real time; nextHop recomputes lazily).
const view = sim.get(1).node.cluster.view(1);
const r0 = performance.now();
const reps = 20;
for (let i = 0; i < reps; i++) {
  view.bump();
  view.nextHop(N);
}
const routeMs = (performance.now() - r0) / reps;

// 6. Failure agreement: a killed node (connections reset) and a frozen one (silence, like SIGSTOP).
const killed = Math.floor(N / 2);
await sim.kill(killed);
const others = sim.running().map((n) => n.id);
const killAgree = await sim.until(() => others.every((id) => !sim.reachable(id, killed)), 60_000, `all agree node ${killed} is gone`);
console.log(`kill: all ${others.length} nodes agree node ${killed} is unreachable after ${fmt(killAgree)} ms simulated`);
const frozen = Math.floor(N / 3);
sim.net.freeze(sim.get(frozen).host);
const rest = others.filter((id) => id !== frozen);
const freezeAgree = await sim.until(() => rest.every((id) => !sim.reachable(id, frozen)), 60_000, `all agree node ${frozen} is silent`);
console.log(`freeze: all ${rest.length} nodes agree node ${frozen} is unreachable after ${fmt(freezeAgree)} ms simulated (by design: ping_timeout × (1 + retries) = 4 × 500 ms after the first unanswered ping, which goes up to one ping_interval after the freeze)`);
console.log(`routes: ${fmt(routeMs, 3)} ms per recomputation after a link change (node 1's view, ${N} nodes)`);

// 7. Lossy links: a converged cluster of N nodes again (the killed node restarted, the frozen one thawed), then loss and jitter.
if (lossyMin > 0) {
  sim.net.thaw(sim.get(frozen).host);
  await sim.restart(killed);
  await sim.until(() => sim.converged(), 60_000, 'all N nodes Up again');
  const hosts = [...sim.nodes.values()].map((n) => n.host);
  for (let i = 0; i < hosts.length; i++) for (let j = i + 1; j < hosts.length; j++) sim.net.setLink(hosts[i], hosts[j], { latencyMs: 20, jitterMs: 5, loss: 0.01, rtoMs: 200 });
  await sim.clock.advance(5000);
  countFlaps = true;
  c0 = cpu();
  w0 = Date.now();
  for (let m = 1; m <= lossyMin; m++) {
    await sim.clock.advance(60_000);
    console.log(`  lossy: minute ${m}: ${flaps} flaps so far (${fmt((Date.now() - w0) / 1000, 0)} s real)`);
  }
  countFlaps = false;
  const still = sim.converged();
  console.log(`lossy N=${N}: ${flaps} flaps over ${lossyMin * 60} s simulated (1 % loss, 20 ± 5 ms per link; TCP retransmission after 200 ms), all links Up at the end: ${still}, ${fmt((cpu() - c0) / 1000)} s CPU`);
}

await sim.stopAll();
console.log(`scale N=${N}: join ${fmt(join)} ms, failure agreement ${fmt(killAgree)} ms (simulated), ${fmt(msgs)} msgs/node/s, ${fmt(bytes, 0)} B/node/s`);
