#!/usr/bin/env node
// A coverage-guided fuzzer of every decoder of bytes from the network: the
// BIN stream splitter, the clusterer messages, and the payloads of our own
// and cachedb_local's module capabilities. Coverage comes from V8 itself
// (block coverage through node:inspector): an input that runs a block of
// the decoders no earlier input ran joins the corpus and is mutated further.
// Seeds: every packet captured from OpenSIPS in test/fixtures/opensips/vectors.
//
// A finding is any exception that is not a WireError, or a decoded packet
// that does not encode back to what decodes the same. Each is written to
// test/fixtures/fuzz/ (replayed by test/engine/wire/fuzz-corpus.test.ts)
// and the run exits 1.
//
// Usage (after npm run build): node scripts/fuzz.mjs [--seconds N] [--seed S]
// (FUZZ_SECONDS / FUZZ_SEED as well; default 30 s, a random seed, printed).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rng } from './chaos/rng.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, env, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i >= 0 ? process.argv[i + 1] : (process.env[env] ?? dflt));
};
const SECONDS = arg('seconds', 'FUZZ_SECONDS', 30);
const SEED = arg('seed', 'FUZZ_SEED', Math.floor(Math.random() * 2 ** 31));
const FINDINGS = join(root, 'test', 'fixtures', 'fuzz');

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.startPreciseCoverage', { callCount: false, detailed: true });

// Loaded after coverage starts, so that their blocks are instrumented.
const { targets } = await import(pathToFileURL(join(root, 'dist', 'test', 'helpers', 'fuzz-targets.js')).href);

const rnd = rng(SEED).next;
const pick = (n) => Math.floor(rnd() * n);
const INTERESTING = [0, 1, -1, 2, 3, 100, 101, 127, 128, 255, 256, 65515, 65535, 65536, 0x7fffffff, -0x80000000, 101010101];

function mutate(src) {
  let b = Buffer.from(src);
  for (let r = 1 + pick(4); r > 0; r--) {
    switch (pick(8)) {
      case 0:
        for (let k = 1 + pick(4); k > 0 && b.length; k--) b[pick(b.length)] = pick(256);
        break;
      case 1:
        if (b.length >= 4) b.writeInt32LE(INTERESTING[pick(INTERESTING.length)], pick(b.length - 3));
        break;
      case 2:
        if (b.length >= 2) b.writeUInt16LE(pick(2) ? pick(65536) : pick(64), pick(b.length - 1));
        break;
      case 3:
        b = b.subarray(0, pick(b.length + 1));
        break;
      case 4:
        b = Buffer.concat([b, Buffer.from(Array.from({ length: 1 + pick(32) }, () => pick(256)))]);
        break;
      case 5: {
        // Splice a piece of another corpus entry in.
        const other = corpus[pick(corpus.length)];
        const at = pick(b.length + 1);
        const from = pick(other.length + 1);
        b = Buffer.concat([b.subarray(0, at), other.subarray(from, from + 1 + pick(64)), b.subarray(at)]);
        break;
      }
      case 6: {
        // Duplicate a run (repeated chunks, blocks, strings).
        const from = pick(b.length + 1);
        const run = b.subarray(from, from + 1 + pick(48));
        b = Buffer.concat([b, run, run]);
        break;
      }
      default:
        // The target selector.
        if (b.length) b[0] = pick(256);
    }
  }
  return b.length > 70_000 ? b.subarray(0, 70_000) : b;
}

const covered = new Set();
/** Blocks run since the last call, in the engine's files; how many were new. */
async function newBlocks() {
  const { result } = await session.post('Profiler.takePreciseCoverage');
  let fresh = 0;
  for (const script of result) {
    if (!script.url.includes('/dist/src/engine/')) continue;
    for (const fn of script.functions) {
      if (fn.ranges[0]?.count === 0) continue;
      // A function that ran: its blocks that did not run come as ranges with count 0 inside it,
      // so each (range, ran or not) pair is a piece of what this input did.
      for (const r of fn.ranges) {
        const k = `${script.url}:${r.startOffset}:${r.endOffset}:${r.count > 0 ? 1 : 0}`;
        if (!covered.has(k)) {
          covered.add(k);
          fresh++;
        }
      }
    }
  }
  return fresh;
}

const corpus = [];
const seedsDir = join(root, 'test', 'fixtures', 'opensips', 'vectors');
for (const f of readdirSync(seedsDir).filter((n) => n.endsWith('.json'))) {
  const doc = JSON.parse(readFileSync(join(seedsDir, f), 'utf8'));
  for (const m of doc.messages ?? doc.packets ?? []) if (typeof m.hex === 'string') corpus.push(Buffer.concat([Buffer.from([pick(256)]), Buffer.from(m.hex, 'hex')]));
}
for (const c of corpus) {
  targets.run(c);
  await newBlocks();
}
console.log(`fuzz: seed ${SEED}, ${SECONDS} s, ${corpus.length} seeds, ${covered.size} blocks covered by them`);

const findings = [];
const end = Date.now() + SECONDS * 1000;
let execs = 0;
let lastReport = Date.now();
while (Date.now() < end && findings.length < 10) {
  const input = mutate(corpus[pick(corpus.length)]);
  execs++;
  const problem = targets.run(input);
  if (problem) {
    const name = `crash-${createHash('sha1').update(input).digest('hex').slice(0, 16)}.bin`;
    mkdirSync(FINDINGS, { recursive: true });
    writeFileSync(join(FINDINGS, name), input);
    findings.push(`${name}: ${problem}`);
    console.log(`fuzz: FINDING ${name}: ${problem}`);
    continue;
  }
  if ((await newBlocks()) > 0) corpus.push(input);
  if (Date.now() - lastReport > 5000) {
    lastReport = Date.now();
    console.log(`fuzz: ${execs} runs, corpus ${corpus.length}, ${covered.size} blocks`);
  }
}
await session.post('Profiler.stopPreciseCoverage');
session.disconnect();
console.log(`fuzz: ${execs} runs in ${SECONDS} s (seed ${SEED}), corpus ${corpus.length}, ${covered.size} blocks covered, ${findings.length} findings`);
process.exit(findings.length > 0 ? 1 : 0);
