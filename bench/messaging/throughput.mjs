// One-way throughput node→node of 100-byte messages: the library API
// (messenger.sendReq, counted as E_CLUSTERER_REQ_RECEIVED on the receiver)
// versus the same BIN frames over a raw Node TCP socket (receiver only splits
// the stream on the length field), in the same process and the same run.
// Both keep at most WINDOW messages in flight. The raw socket writes one
// frame per write(), as a plain socket user does (the figure the target is a
// ratio of); an extra raw run corks the socket around each burst (one writev
// per burst, as the library's transport does) and is printed for reference.
// Usage:
//   node bench/messaging/throughput.mjs [messages=200000] [runs=3]
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { REPO, freePort, loopbackHost, machine, now, startCluster } from './lib.mjs';

const { encodeMessage } = await import(join(REPO, 'dist/src/engine/wire/index.js'));
const N = Number(process.argv[2] ?? 200_000);
const RUNS = Number(process.argv[3] ?? 3);
const WINDOW = 4096;
const MSG = 'x'.repeat(100);
const yieldLoop = () => new Promise((r) => setImmediate(r));

/**
 * Sends `n` messages with `send()` while `received()` lags by less than
 * WINDOW; resolves with msg/s of wall time and msg per CPU-second of this
 * process (sender and receiver both live here), the figure that stays
 * meaningful on a machine shared with other work.
 */
async function pump(n, send, received, burst = { begin() {}, end() {} }) {
  const t0 = now();
  const c0 = process.cpuUsage();
  let sent = 0;
  const deadline = Date.now() + 120_000;
  while (received() < n) {
    if (Date.now() > deadline) throw new Error(`stuck at ${received()}/${n}`);
    burst.begin();
    while (sent < n && sent - received() < WINDOW) {
      send();
      sent++;
    }
    burst.end();
    await yieldLoop();
  }
  const cpu = process.cpuUsage(c0);
  return { wall: n / ((now() - t0) / 1000), cpu: n / ((cpu.user + cpu.system) / 1e6) };
}

async function libraryRun(c) {
  const [a, b] = c.nodes;
  let got = 0;
  const off = b.events.subscribe(['E_CLUSTERER_REQ_RECEIVED'], () => got++);
  try {
    const m = a.messaging.messenger;
    return await pump(N, () => void m.sendReq(1, 2, MSG), () => got);
  } finally {
    off();
  }
}

async function rawRun(corked = false) {
  const host = loopbackHost();
  const port = await freePort(host);
  const frame = encodeMessage({ kind: 'generic_msg', reqLike: 1, tag: '1-1-ABCDEFGHIJKLMNOPQRSTUVWX', msg: MSG, clusterId: 1, srcId: 1, dstId: 2 });
  let got = 0;
  const srv = createServer((s) => {
    let pending = Buffer.alloc(0);
    s.on('data', (chunk) => {
      let buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let at = 0;
      while (buf.length - at >= 8) {
        const len = buf.readUInt32LE(at + 4);
        if (buf.length - at < len) break;
        got++;
        at += len;
      }
      pending = buf.subarray(at);
    });
  });
  await new Promise((r) => srv.listen({ host, port }, r));
  const sock = createConnection({ host, port, noDelay: true });
  await new Promise((r) => sock.once('connect', r));
  try {
    const burst = corked ? { begin: () => sock.cork(), end: () => sock.uncork() } : undefined;
    return await pump(N, () => sock.write(frame), () => got, burst);
  } finally {
    sock.destroy();
    await new Promise((r) => srv.close(r));
  }
}

const c = await startCluster(2);
const lib = [];
const raw = [];
const corked = [];
try {
  await libraryRun(c); // warm-up
  await rawRun();
  for (let i = 0; i < RUNS; i++) {
    raw.push(await rawRun());
    lib.push(await libraryRun(c));
    corked.push(await rawRun(true));
  }
} finally {
  await c.stop();
}
const best = (xs, k) => Math.max(...xs.map((x) => x[k]));
const median = (xs) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
const libBest = best(lib, 'wall');
const rawBest = best(raw, 'wall');
const ratio = libBest / rawBest;
const cpuRatio = median(lib.map((l, i) => l.cpu / raw[i].cpu));
const r = (x) => Math.round(x);
console.log(JSON.stringify({
  bench: 'throughput', messages: N, runs: RUNS,
  libraryMsgPerSec: r(libBest), rawMsgPerSec: r(rawBest), ratio: +ratio.toFixed(3),
  libraryMsgPerCpuSec: r(best(lib, 'cpu')), rawMsgPerCpuSec: r(best(raw, 'cpu')), cpuRatio: +cpuRatio.toFixed(3),
  rawCorkedMsgPerSec: r(best(corked, 'wall')), ratioToCorked: +(libBest / best(corked, 'wall')).toFixed(3),
  libraryRuns: lib.map((x) => r(x.wall)), rawRuns: raw.map((x) => r(x.wall)), rawCorkedRuns: corked.map((x) => r(x.wall)), machine: machine(),
}));
console.error(`one-way 100-byte messages, best of ${RUNS}: library ${r(libBest)} msg/s, raw TCP ${r(rawBest)} msg/s, ratio ${ratio.toFixed(2)}; per CPU-second: library ${r(best(lib, 'cpu'))}, raw ${r(best(raw, 'cpu'))}, ratio ${cpuRatio.toFixed(2)} (targets: >= 200000 msg/s, >= 0.6); for reference, raw TCP corked per burst ${r(best(corked, 'wall'))} msg/s (library ratio to it ${(libBest / best(corked, 'wall')).toFixed(2)})`);
