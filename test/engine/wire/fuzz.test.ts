import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_MI_PARAMS } from '../../../src/engine/wire/constants.js';
import { WireError } from '../../../src/engine/wire/errors.js';
import { decodeMessage, encodeMessage } from '../../../src/engine/wire/messages.js';
import { appendPathHop, readTrailer, withDst } from '../../../src/engine/wire/relay.js';
import { FrameDecoder } from '../../../src/engine/wire/stream.js';
import type { ClusterMsg } from '../../../src/engine/wire/types.js';
import { bytesOf, loadVectorFile, prng } from './vectors.js';

const ITERATIONS = 20_000;
const seeds = loadVectorFile('bin_packet_types.json').messages.map(bytesOf);
const INTERESTING = [0, 1, -1, 2, 127, 128, 129, 255, 65535, 65536, 0x7fffffff, -0x80000000, 101010101, -1073741824];

function mutate(src: Buffer, rnd: () => number): Buffer {
  const pick = (n: number): number => Math.floor(rnd() * n);
  let b = Buffer.from(src);
  const rounds = 1 + pick(3);
  for (let r = 0; r < rounds; r++) {
    switch (pick(7)) {
      case 0: // flip random bytes
        for (let k = 1 + pick(4); k > 0; k--) b[pick(b.length)] = pick(256);
        break;
      case 1: // overwrite an aligned-ish i32 with an interesting value
        if (b.length >= 4) b.writeInt32LE(INTERESTING[pick(INTERESTING.length)]!, pick(b.length - 3));
        break;
      case 2: // truncate
        b = b.subarray(0, pick(b.length + 1));
        break;
      case 3: // append random bytes
        b = Buffer.concat([b, Buffer.from(Array.from({ length: 1 + pick(16) }, () => pick(256)))]);
        break;
      case 4: // change type or version
        if (b.length >= 12) {
          const capEnd = 12 + b.readUInt16LE(10);
          if (rnd() < 0.5 && capEnd + 4 <= b.length) b.writeInt32LE(pick(16) - 1, capEnd);
          else b.writeInt16LE(pick(5), 8);
        }
        break;
      case 5: // change the capability length
        if (b.length >= 12) b.writeUInt16LE(pick(40), 10);
        break;
      default: // remove a slice from the middle
        if (b.length > 20) {
          const at = 16 + pick(b.length - 16);
          b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + pick(8)))]);
        }
    }
  }
  // Usually keep the length field consistent so the body parsers get exercised.
  if (b.length >= 8 && rnd() < 0.8) b.writeUInt32LE(b.length, 4);
  return b;
}

function only(err: unknown, what: string): void {
  if (!(err instanceof WireError)) assert.fail(`${what} threw a non-WireError: ${String(err)}`);
}

function sansVersion(b: Buffer): string {
  const c = Buffer.from(b);
  if (c.length >= 10) c.writeInt16LE(0, 8);
  return c.toString('hex');
}

describe('fuzz', () => {
  it(`${ITERATIONS} mutated packets throw only WireError, and what decodes re-encodes identically`, () => {
    const rnd = prng(0xc105e2);
    let decoded = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const b = mutate(seeds[i % seeds.length]!, rnd);
      const what = `iteration ${i}: ${b.toString('hex')}`;
      let msg: ClusterMsg | undefined;
      try {
        msg = decodeMessage(b);
      } catch (err) {
        only(err, what);
      }
      if (msg && !(msg.kind === 'mi_cmd' && msg.params.length > MAX_MI_PARAMS)) {
        decoded++;
        const again = encodeMessage(msg);
        // Clusterer messages are re-encoded with the current version; modules keep theirs.
        if (msg.kind === 'module') assert.equal(again.toString('hex'), b.toString('hex'), what);
        else assert.equal(sansVersion(again), sansVersion(b), what);
      }
      for (const op of [() => readTrailer(b), () => withDst(b, 9), () => appendPathHop(b, 9)]) {
        try {
          op();
        } catch (err) {
          only(err, what);
        }
      }
      const r = new FrameDecoder().push(b);
      assert.ok(r.error === undefined || r.error instanceof WireError, what);
    }
    assert.ok(decoded > 100, `only ${decoded} mutants decoded; the fuzzer is not reaching the body parsers`);
  });
});
