#!/usr/bin/env node
// Route recomputation cost on a 500-node full mesh (build first: npx tsc -p tsconfig.json).
// Usage: node [--expose-gc] bench/topology/routes.mjs [nodes=500] [runs=200]
// The warm-up also lets the freshly built mesh (≈250k Set entries) be promoted
// out of the young generation, so p99 reflects steady state, not setup garbage.
import { computeRoutes } from '../../dist/src/engine/topology/routes.js';

const size = Number(process.argv[2] ?? 500);
const runs = Number(process.argv[3] ?? 200);

function mesh() {
  const ids = Array.from({ length: size - 1 }, (_, i) => i + 2);
  const nodes = new Map();
  for (const id of ids) nodes.set(id, { priority: 50, enabled: true, adjacency: new Set(ids.filter((o) => o !== id)) });
  return { localId: 1, localNeighbours: new Set(ids), nodes };
}

function measure(label, input, check) {
  for (let i = 0; i < 300; i++) computeRoutes(input); // warm-up
  globalThis.gc?.();
  const times = [];
  let table;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    table = computeRoutes(input);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  check(table);
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  console.log(`${label.padEnd(52)} median ${q(0.5).toFixed(3)} ms  p99 ${q(0.99).toFixed(3)} ms  max ${times.at(-1).toFixed(3)} ms`);
}

const assert = (cond, msg) => {
  if (!cond) throw new Error(msg);
};

// 1. The local node lost its direct link to one node: rerouted through another.
const a = mesh();
a.localNeighbours.delete(250);
measure(`${size}-node mesh, local link 1-250 removed`, a, (t) =>
  assert(t.routes.get(250).hops === 2 && t.routes.get(250).nextHop === 2, 'expected 1→2→250'),
);

// 2. One remote-remote link removed (nothing changes for us, full mesh still).
const b = mesh();
b.nodes.get(2).adjacency.delete(3);
measure(`${size}-node mesh, remote link 2-3 removed`, b, (t) => assert(t.routes.get(3).hops === 1, 'expected direct'));

// 3. One node unreachable: the search cannot stop early (bottom-up expansion keeps it cheap).
const c = mesh();
c.localNeighbours.delete(size);
for (const n of c.nodes.values()) n.adjacency.delete(size);
measure(`${size}-node mesh, node ${size} isolated (no early exit)`, c, (t) => assert(t.routes.get(size).nextHop === null, 'expected unreachable'));

// 4. Local node has a single neighbour: every route is 2 hops, full scan of that node's links.
const d = mesh();
d.localNeighbours.clear();
d.localNeighbours.add(2);
d.localNeighbours.add(3);
d.nodes.get(2).adjacency.clear();
measure(`${size}-node mesh, local links only to 2 and 3`, d, (t) => assert(t.routes.get(400).nextHop === 3, 'expected via 3'));
