#!/usr/bin/env node
// Scale in simulation: the real engine (topology, flooding, routing, sharing
// tags) of N nodes in one process, on the in-memory network with a simulated
// clock. Only time is simulated: every packet is encoded, sent, decoded and
// handled by the production code.
//
// Usage (after `npm run build`): node --expose-gc bench/scale/sim.mjs --nodes N [--seconds S]
//   N   cluster size (default 100); node 1 is the seed, the others know only it.
//   S   simulated seconds of steady state measured (default 10).
// Prints what it measures, then one final line:
//   scale N=<n>: join <ms> ms, failure agreement <ms> ms (simulated), <msgs> msgs/node/s, <bytes> B/node/s
import { parseArgs } from 'node:util';
import { SimCluster } from '../../dist/src/engine/sim/sim-cluster.js';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '100' }, seconds: { type: 'string', default: '10' } } });
const N = Number(values.nodes);
const steadySec = Number(values.seconds);
if (!Number.isInteger(N) || N < 3 || N > 5000) throw new Error(`--nodes must be an integer in 3..5000, got ${values.nodes}`);

const sim = new SimCluster({ common: { timing_preset: 'local' }, link: { latencyMs: 0.2 } });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const fmt = (x, d = 1) => x.toFixed(d);

// 1. N-1 nodes start together, each knowing only node 1, and converge to a full mesh.
sim.add(1);
for (let id = 2; id < N; id++) sim.add(id, { neighbours: [1] });
let c0 = cpu();
let w0 = Date.now();
await sim.startAll();
const formed = await sim.until(() => sim.converged(), 600_000, `${N - 1} nodes converging`);
console.log(`formed: ${N - 1} nodes all Up after ${fmt(formed, 0)} ms simulated (${fmt((Date.now() - w0) / 1000)} s real, ${fmt((cpu() - c0) / 1000)} s CPU)`);
await sim.clock.advance(3000); // let the join's floods settle

// 2. Steady state: traffic, CPU per simulated second, memory.
const f0 = sim.net.frames;
const b0 = sim.net.bytes;
c0 = cpu();
await sim.clock.advance(steadySec * 1000);
const nodes = N - 1;
const msgs = (sim.net.frames - f0) / nodes / steadySec;
const bytes = (sim.net.bytes - b0) / nodes / steadySec;
const cpuPerSimSec = (cpu() - c0) / steadySec;
global.gc?.();
const heapPerNode = process.memoryUsage().heapUsed / nodes;
console.log(`steady: ${fmt(msgs)} msgs/node/s, ${fmt(bytes, 0)} B/node/s (≈ 2 × (N-1) pings+pongs per ping_interval), ${fmt(cpuPerSimSec)} ms CPU per simulated second, ${fmt(heapPerNode / 1024)} KiB heap per node${global.gc ? '' : ' (garbage included: run with --expose-gc)'}`);

// 3. Join: node N knows only node 1; time until it is Up on every node and sees every node Up.
sim.add(N, { neighbours: [1] });
await sim.start(N);
const join = await sim.until(() => sim.converged(), 120_000, `node ${N} joining`);
console.log(`join: node ${N} Up on all ${nodes} others and sees them all after ${fmt(join)} ms simulated`);

// 4. Route recomputation after a change of the link-state database (real time; nextHop recomputes lazily).
const view = sim.get(1).node.cluster.view(1);
const r0 = performance.now();
const reps = 20;
for (let i = 0; i < reps; i++) {
  view.bump();
  view.nextHop(N);
}
const routeMs = (performance.now() - r0) / reps;

// 5. Failure agreement: a killed node (connections reset) and a frozen one (silence, like SIGSTOP).
const killed = Math.floor(N / 2);
await sim.kill(killed);
const others = sim.running().map((n) => n.id);
const killAgree = await sim.until(() => others.every((id) => !sim.reachable(id, killed)), 60_000, `all agree node ${killed} is gone`);
console.log(`kill: all ${others.length} nodes agree node ${killed} is unreachable after ${fmt(killAgree)} ms simulated`);
const frozen = Math.floor(N / 3);
sim.net.freeze(sim.get(frozen).host);
const rest = others.filter((id) => id !== frozen);
const freezeAgree = await sim.until(() => rest.every((id) => !sim.reachable(id, frozen)), 60_000, `all agree node ${frozen} is silent`);
console.log(`freeze: all ${rest.length} nodes agree node ${frozen} is unreachable after ${fmt(freezeAgree)} ms simulated (ping_timeout 500 ms, 3 retries)`);
console.log(`routes: ${fmt(routeMs, 3)} ms per recomputation after a link change (node 1's view, ${N} nodes)`);

await sim.stopAll();
console.log(`scale N=${N}: join ${fmt(join)} ms, failure agreement ${fmt(killAgree)} ms (simulated), ${fmt(msgs)} msgs/node/s, ${fmt(bytes, 0)} B/node/s`);
