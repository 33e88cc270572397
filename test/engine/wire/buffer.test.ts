import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BinReader, BinWriter } from '../../../src/engine/wire/buffer.js';
import { WireCode, WireError } from '../../../src/engine/wire/errors.js';

const isCode = (code: string) => (err: unknown) => err instanceof WireError && err.code === code;

describe('BinWriter', () => {
  it('writes little-endian integers and u16-prefixed strings', () => {
    const b = new BinWriter(1).i32(-2).u32(0xfffffffe).i16(-3).u16(0xfffd).str('hé').str('').finish();
    assert.equal(b.toString('hex'), 'feffffff' + 'feffffff' + 'fdff' + 'fdff' + '0300' + '68c3a9' + '0000');
  });

  it('grows past its initial size', () => {
    const w = new BinWriter(16);
    for (let i = 0; i < 1000; i++) w.i32(i);
    const b = w.finish();
    assert.equal(b.length, 4000);
    assert.equal(b.readInt32LE(3996), 999);
  });

  it('accepts a 65,535-byte string and refuses a 65,536-byte one', () => {
    assert.equal(new BinWriter().str('a'.repeat(65535)).length, 65537);
    assert.throws(() => new BinWriter().str('a'.repeat(65536)), isCode(WireCode.STRING_TOO_LONG));
    // The limit is in bytes, not characters.
    assert.throws(() => new BinWriter().str('é'.repeat(32768)), isCode(WireCode.STRING_TOO_LONG));
  });

  it('encodes strings as Buffer does (4-byte sequences, lone surrogates), and a refused one leaves the written data as it was', () => {
    for (const t of ['', 'a', 'é€', '😀x', 'a\uD800b', '\uDC00', 'z'.repeat(300)]) {
      const b = new BinWriter(1).str(t).finish();
      assert.equal(b.readUInt16LE(0), Buffer.byteLength(t), JSON.stringify(t));
      assert.deepEqual(b.subarray(2), Buffer.from(t, 'utf8'), JSON.stringify(t));
    }
    const w = new BinWriter(4).u16(7);
    assert.throws(() => w.str('€'.repeat(30000)), isCode(WireCode.STRING_TOO_LONG));
    assert.equal(w.length, 2);
    assert.equal(w.str('ok').finish().toString('hex'), '0700' + '0200' + '6f6b');
  });

  it('refuses integers out of range for the field', () => {
    assert.throws(() => new BinWriter().i32(2 ** 31), isCode(WireCode.BAD_VALUE));
    assert.throws(() => new BinWriter().i32(1.5), isCode(WireCode.BAD_VALUE));
    assert.throws(() => new BinWriter().u32(-1), isCode(WireCode.BAD_VALUE));
    assert.throws(() => new BinWriter().i16(40000), isCode(WireCode.BAD_VALUE));
    assert.throws(() => new BinWriter().u16(70000), isCode(WireCode.BAD_VALUE));
  });

  it('patches a u32 in place', () => {
    const b = new BinWriter().u32(0).i32(7).patchU32(0, 8).finish();
    assert.equal(b.toString('hex'), '0800000007000000');
  });
});

describe('BinReader', () => {
  it('reads what BinWriter wrote', () => {
    const b = new BinWriter().i32(-5).u32(4e9).i16(-1).u16(65535).str('ok').bytes(Buffer.from([9, 8])).finish();
    const r = new BinReader(b);
    assert.equal(r.i32('a'), -5);
    assert.equal(r.u32('b'), 4e9);
    assert.equal(r.i16('c'), -1);
    assert.equal(r.u16('d'), 65535);
    assert.equal(r.str('e'), 'ok');
    assert.deepEqual([...r.bytes(2, 'f')], [9, 8]);
    assert.equal(r.remaining, 0);
    r.expectEnd('all');
  });

  it('throws TRUNCATED naming the field when reading past the end', () => {
    const r = new BinReader(Buffer.from('0100000002', 'hex'));
    r.i32('first');
    assert.throws(
      () => r.i32('second field'),
      (err: unknown) => err instanceof WireError && err.code === WireCode.TRUNCATED && /second field/.test(err.message),
    );
  });

  it('throws TRUNCATED when a string is longer than the data', () => {
    assert.throws(() => new BinReader(Buffer.from('05006869', 'hex')).str('tag'), isCode(WireCode.TRUNCATED));
  });

  it('respects its end bound', () => {
    const r = new BinReader(Buffer.from('0100000002000000', 'hex'), 0, 4);
    r.i32('x');
    assert.throws(() => r.i32('y'), isCode(WireCode.TRUNCATED));
  });

  it('rejects invalid UTF-8 and keeps a BOM', () => {
    assert.throws(() => new BinReader(Buffer.from('0200c328', 'hex')).str('s'), isCode(WireCode.BAD_STRING));
    assert.equal(new BinReader(Buffer.from('0300efbbbf', 'hex')).str('s'), '\ufeff');
  });

  it('tells a real U+FFFD from a bad sequence, and takes multi-byte text', () => {
    assert.equal(new BinReader(Buffer.from('0300efbfbd', 'hex')).str('s'), '\ufffd');
    assert.throws(() => new BinReader(Buffer.from('0400efbfbdff', 'hex')).str('s'), isCode(WireCode.BAD_STRING), 'U+FFFD then a bad byte');
    assert.throws(() => new BinReader(Buffer.from('0300eda080', 'hex')).str('s'), isCode(WireCode.BAD_STRING), 'a surrogate');
    const text = 'où est alice? 東京 🎉';
    const bytes = Buffer.from(text, 'utf8');
    const frame = Buffer.concat([Buffer.from([bytes.length & 0xff, bytes.length >> 8]), bytes]);
    assert.equal(new BinReader(frame).str('s'), text);
  });

  it('checks counts and trailing bytes', () => {
    assert.throws(() => new BinReader(Buffer.from('ffffffff', 'hex')).count('n', 0, 128), isCode(WireCode.BAD_COUNT));
    assert.throws(() => new BinReader(Buffer.from('81000000', 'hex')).count('n', 0, 128), isCode(WireCode.BAD_COUNT));
    assert.equal(new BinReader(Buffer.from('80000000', 'hex')).count('n', 0, 128), 128);
    const r = new BinReader(Buffer.from('0100000000', 'hex'));
    r.i32('x');
    assert.throws(() => r.expectEnd('body'), isCode(WireCode.TRAILING_BYTES));
  });
});
