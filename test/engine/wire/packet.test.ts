import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PACKET, MAX_PACKET_LEGACY } from '../../../src/engine/wire/constants.js';
import { WireCode, WireError } from '../../../src/engine/wire/errors.js';
import { decodePacket, encodePacket, peekHeader } from '../../../src/engine/wire/packet.js';

const isCode = (code: string) => (err: unknown) => err instanceof WireError && err.code === code;

/** A packet of `total` bytes under capability "x". */
function packetOf(total: number): Buffer {
  return encodePacket({ version: 1, capability: 'x', type: 5, payload: Buffer.alloc(total - 17, 0xab) }, { maxPacket: MAX_PACKET_LEGACY });
}

describe('BIN packet', () => {
  it('encodes the header layout and decodes it back', () => {
    const b = encodePacket({ version: -2, capability: 'abc', type: 258, payload: Buffer.from('ff00', 'hex') });
    assert.equal(b.toString('hex'), '5034434b' + '15000000' + 'feff' + '0300' + '616263' + '02010000' + 'ff00');
    const p = decodePacket(b);
    assert.deepEqual({ ...p, payload: p.payload.toString('hex') }, { version: -2, capability: 'abc', type: 258, payload: 'ff00' });
    assert.deepEqual(peekHeader(b), { length: 21, version: -2, capability: 'abc', type: 258, payloadOffset: 19 });
  });

  it('accepts the smallest packet (17 bytes, 1-byte capability, no payload)', () => {
    const b = packetOf(17);
    assert.equal(b.length, 17);
    assert.equal(decodePacket(b).payload.length, 0);
  });

  it('enforces the maximum size on encode and decode', () => {
    assert.equal(encodePacket({ version: 1, capability: 'x', type: 0, payload: Buffer.alloc(MAX_PACKET - 17) }).length, MAX_PACKET);
    assert.throws(() => encodePacket({ version: 1, capability: 'x', type: 0, payload: Buffer.alloc(MAX_PACKET - 16) }), isCode(WireCode.TOO_LARGE));
    const legacy = packetOf(MAX_PACKET_LEGACY);
    assert.throws(() => decodePacket(legacy), isCode(WireCode.TOO_LARGE));
    assert.equal(decodePacket(legacy, { maxPacket: MAX_PACKET_LEGACY }).payload.length, MAX_PACKET_LEGACY - 17);
  });

  it('rejects a bad marker', () => {
    const b = packetOf(20);
    b[3] = 0x4c;
    assert.throws(() => decodePacket(b), isCode(WireCode.BAD_MARKER));
  });

  it('rejects a length field that disagrees with the buffer', () => {
    const b = packetOf(20);
    assert.throws(() => decodePacket(b.subarray(0, 19)), isCode(WireCode.TRUNCATED));
    assert.throws(() => decodePacket(Buffer.concat([b, Buffer.alloc(1)])), isCode(WireCode.BAD_LENGTH));
  });

  it('rejects a length field below 17', () => {
    const b = packetOf(17);
    b.writeUInt32LE(16, 4);
    assert.throws(() => decodePacket(b.subarray(0, 16)), isCode(WireCode.BAD_LENGTH));
  });

  it('rejects a capability length that does not fit, or is zero', () => {
    const b = packetOf(20);
    b.writeUInt16LE(5, 10); // 16 + 5 > 20
    assert.throws(() => decodePacket(b), isCode(WireCode.BAD_LENGTH));
    b.writeUInt16LE(4, 10); // fits exactly: the type then overlaps the payload, which is legal
    assert.equal(decodePacket(b).capability.length, 4);
    b.writeUInt16LE(0, 10);
    assert.throws(() => decodePacket(b), isCode(WireCode.BAD_CAPABILITY));
    assert.throws(() => encodePacket({ version: 1, capability: '', type: 0, payload: Buffer.alloc(0) }), isCode(WireCode.BAD_CAPABILITY));
  });

  it('rejects every short prefix with TRUNCATED', () => {
    const b = packetOf(30);
    for (let n = 0; n < b.length; n++) assert.throws(() => peekHeader(b.subarray(0, n)), isCode(WireCode.TRUNCATED), `prefix ${n}`);
  });
});
