// Diagnostic preload for node processes: counts the BIN frames a node writes,
// by message kind (ping, pong, ls_update, full_top_update, module:<cap>, …),
// and dumps the counts to `$CL_FRAME_COUNT_OUT.<pid>.json` every second.
// It patches net.Socket#write only in the process it is loaded into; the
// engine is not modified. Usage with the topology benches:
//   CL_FRAME_COUNT_OUT=/tmp/frames CL_BENCH_NODE_ARGS="--import $PWD/bench/topology/frame-counter.mjs" \
//     node bench/topology/join.mjs --only 10 --quick
//   then sum /tmp/frames.*.json (each file holds one node's running totals).
import net from 'node:net';
import { writeFileSync } from 'node:fs';

const { decodeMessage } = await import(new URL('../../dist/src/engine/wire/index.js', import.meta.url).href);
const counts = {};
const write = net.Socket.prototype.write;
net.Socket.prototype.write = function (chunk, ...rest) {
  // BIN peers only (TCP); the control socket is a unix socket (no remotePort).
  if (Buffer.isBuffer(chunk) && this.remotePort) {
    let kind = 'undecodable';
    try {
      const m = decodeMessage(chunk);
      kind = m.kind === 'module' ? `module:${m.capability}` : m.kind;
    } catch {}
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return write.call(this, chunk, ...rest);
};
const out = process.env.CL_FRAME_COUNT_OUT;
if (out) setInterval(() => writeFileSync(`${out}.${process.pid}.json`, JSON.stringify(counts)), 1000).unref();
