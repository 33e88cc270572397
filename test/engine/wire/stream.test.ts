import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PACKET_LEGACY } from '../../../src/engine/wire/constants.js';
import { WireCode } from '../../../src/engine/wire/errors.js';
import { decodeMessage, encodeMessage } from '../../../src/engine/wire/messages.js';
import { FrameDecoder, type PushResult } from '../../../src/engine/wire/stream.js';
import { bytesOf, loadVectorFile, prng } from './vectors.js';

const scenario = loadVectorFile('01_startup_join.json').messages.map(bytesOf);
const few = loadVectorFile('bin_packet_types.json').messages.slice(0, 3).map(bytesOf);
const hexes = (bufs: Buffer[]): string[] => bufs.map((b) => b.toString('hex'));

/** Feeds `pieces` and collects frames, failing on any error. */
function feed(pieces: Buffer[], dec = new FrameDecoder()): Buffer[] {
  const out: Buffer[] = [];
  for (const p of pieces) {
    const r = dec.push(p);
    assert.equal(r.error, undefined, r.error?.message);
    out.push(...r.frames);
  }
  assert.equal(dec.buffered, 0);
  return out;
}

function header(len: number): Buffer {
  const b = Buffer.from('5034434b00000000', 'hex');
  b.writeUInt32LE(len, 4);
  return b;
}

describe('FrameDecoder', () => {
  const stream = Buffer.concat(scenario);

  it('splits a whole scenario pushed at once', () => {
    assert.deepEqual(hexes(feed([stream])), hexes(scenario));
  });

  it('splits the scenario pushed one byte at a time', () => {
    const pieces: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) pieces.push(stream.subarray(i, i + 1));
    assert.deepEqual(hexes(feed(pieces)), hexes(scenario));
  });

  it('splits the scenario pushed in random-sized chunks', () => {
    const rnd = prng(42);
    for (let round = 0; round < 20; round++) {
      const pieces: Buffer[] = [];
      for (let i = 0; i < stream.length; ) {
        const n = Math.floor(rnd() * 300);
        pieces.push(stream.subarray(i, i + n));
        i += n;
      }
      assert.deepEqual(hexes(feed(pieces)), hexes(scenario));
    }
  });

  it('splits a few-packet stream cut at every pair of points', () => {
    const s = Buffer.concat(few);
    const want = hexes(few);
    for (let i = 0; i <= s.length; i++) {
      assert.deepEqual(hexes(feed([s.subarray(0, i), s.subarray(i)])), want, `split at ${i}`);
      for (let j = i; j <= s.length; j += 7) {
        assert.deepEqual(hexes(feed([s.subarray(0, i), s.subarray(i, j), s.subarray(j)])), want, `split at ${i}, ${j}`);
      }
    }
  });

  it('returns frames as soon as they are complete', () => {
    const dec = new FrameDecoder();
    const [a, b] = few as [Buffer, Buffer];
    assert.deepEqual(hexes(dec.push(Buffer.concat([a, b.subarray(0, 5)])).frames), hexes([a]));
    assert.equal(dec.buffered, 5);
    assert.deepEqual(hexes(dec.push(b.subarray(5)).frames), hexes([b]));
  });

  it('waits on a truncated packet without error', () => {
    const dec = new FrameDecoder();
    const a = few[0]!;
    const r = dec.push(a.subarray(0, a.length - 1));
    assert.deepEqual(r, { frames: [] });
    assert.equal(dec.buffered, a.length - 1);
  });

  it('accepts Uint8Array chunks and ignores empty ones', () => {
    const a = few[0]!;
    const dec = new FrameDecoder();
    assert.deepEqual(dec.push(new Uint8Array(0)), { frames: [] });
    assert.deepEqual(hexes(dec.push(new Uint8Array(a)).frames), hexes([a]));
  });

  it('handles 100,000 small frames in one chunk quickly', () => {
    const ping = encodeMessage({ kind: 'ping', clusterId: 1, srcId: 2, reqNodeList: 0 });
    const big = Buffer.concat(Array<Buffer>(100_000).fill(ping));
    const t0 = performance.now();
    const frames = feed([big]);
    assert.equal(frames.length, 100_000);
    assert.ok(performance.now() - t0 < 2000);
    assert.deepEqual(decodeMessage(frames[99_999]!), { kind: 'ping', clusterId: 1, srcId: 2, reqNodeList: 0 });
  });

  it('assembles a maximum-size frame pushed one byte at a time', () => {
    const m = encodeMessage({ kind: 'generic_msg', clusterId: 1, srcId: 1, dstId: 2, reqLike: 1, tag: 't', msg: 'x'.repeat(65515 - 52) });
    assert.equal(m.length, 65515);
    const pieces: Buffer[] = [];
    for (let i = 0; i < m.length; i++) pieces.push(m.subarray(i, i + 1));
    assert.deepEqual(hexes(feed(pieces)), hexes([m]));
  });

  describe('errors', () => {
    const expectDead = (dec: FrameDecoder, r: PushResult, code: string): void => {
      assert.equal(r.error?.code, code);
      const again = dec.push(Buffer.concat(few));
      assert.deepEqual(again.frames, []);
      assert.equal(again.error, r.error);
      assert.equal(dec.error, r.error);
      assert.equal(dec.buffered, 0);
    };

    it('bad marker at the start', () => {
      const dec = new FrameDecoder();
      expectDead(dec, dec.push(Buffer.from('GET / HTTP/1.1\r\n')), WireCode.BAD_MARKER);
    });

    it('bad marker detected as soon as 4 bytes are in, even split', () => {
      const dec = new FrameDecoder();
      assert.deepEqual(dec.push(Buffer.from('P4')), { frames: [] });
      expectDead(dec, dec.push(Buffer.from('CX')), WireCode.BAD_MARKER);
    });

    it('bad marker after a good frame: the good frame is still returned', () => {
      const dec = new FrameDecoder();
      const r = dec.push(Buffer.concat([few[0]!, Buffer.from('XXXXXXXX')]));
      assert.deepEqual(hexes(r.frames), hexes([few[0]!]));
      expectDead(dec, r, WireCode.BAD_MARKER);
    });

    it('length 16', () => {
      const dec = new FrameDecoder();
      expectDead(dec, dec.push(header(16)), WireCode.BAD_LENGTH);
    });

    it('length 65516 (accepted only with the legacy maximum)', () => {
      const dec = new FrameDecoder();
      expectDead(dec, dec.push(header(65516)), WireCode.TOO_LARGE);
      const legacy = new FrameDecoder({ maxPacket: MAX_PACKET_LEGACY });
      assert.deepEqual(legacy.push(header(65516)), { frames: [] });
      const r = new FrameDecoder({ maxPacket: MAX_PACKET_LEGACY }).push(header(65536));
      assert.equal(r.error?.code, WireCode.TOO_LARGE);
    });

    it('more than maxBuffered bytes pending', () => {
      const dec = new FrameDecoder({ maxBuffered: 100 });
      assert.deepEqual(dec.push(Buffer.concat([header(1000), Buffer.alloc(92)])), { frames: [] });
      expectDead(dec, dec.push(Buffer.alloc(1)), WireCode.BUFFER_OVERRUN);
    });

    it('many complete frames in one chunk do not count against maxBuffered', () => {
      const dec = new FrameDecoder({ maxBuffered: 100 });
      assert.equal(feed([Buffer.concat(scenario)], dec).length, scenario.length);
    });

    it('never throws on random garbage', () => {
      const rnd = prng(7);
      for (let i = 0; i < 2000; i++) {
        const dec = new FrameDecoder();
        const junk = Buffer.alloc(1 + Math.floor(rnd() * 64));
        for (let k = 0; k < junk.length; k++) junk[k] = Math.floor(rnd() * 256);
        if (rnd() < 0.5) Buffer.from('P4CK').copy(junk);
        const r = dec.push(junk);
        if (r.error) assert.ok([WireCode.BAD_MARKER, WireCode.BAD_LENGTH, WireCode.TOO_LARGE].includes(r.error.code as never));
      }
    });
  });
});
