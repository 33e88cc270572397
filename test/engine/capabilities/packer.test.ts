import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncPacker } from '../../../src/engine/capabilities/packer.js';
import { MAX_PACKET, decodeMessage, encodeMessage } from '../../../src/engine/wire/index.js';
import type { SyncMsg } from '../../../src/engine/wire/types.js';

const T = { clusterId: 1, srcId: 1, dstId: 3 };

function packAll(chunks: Buffer[], size: number, writer = false): { packets: Buffer[]; packer: SyncPacker } {
  let i = 0;
  const stream = writer
    ? { dataVersion: 1, writeNext: (w: import('../../../src/engine/wire/index.js').BinWriter) => (i < chunks.length ? (w.bytes(chunks[i++]!), true) : false) }
    : { dataVersion: 1, chunks };
  const packer = new SyncPacker('cap', stream, T, size);
  const packets: Buffer[] = [];
  for (let p = packer.nextPacket(); p !== null; p = packer.nextPacket()) packets.push(p);
  return { packets, packer };
}

const decoded = (packets: Buffer[]): Buffer[] => packets.flatMap((p) => (decodeMessage(p) as SyncMsg).chunks.map((c) => Buffer.from(c)));

test('packer: the bytes encodeMessage builds for one packet; packets closed once they reach sync_packet_size', () => {
  const chunks = Array.from({ length: 10 }, (_, i) => Buffer.alloc(100, i));
  const one = packAll(chunks, 32768);
  assert.equal(one.packets.length, 1);
  assert.equal(one.packets[0]!.toString('hex'), encodeMessage({ kind: 'sync', capability: 'cap', dataVersion: 1, chunks, ...T }).toString('hex'));
  for (const writer of [false, true]) {
    const { packets, packer } = packAll(chunks, 300, writer);
    // Each packet passes 300 bytes with its third chunk (header 37 + 3 × 108).
    assert.deepEqual(packets.map((p) => (decodeMessage(p) as SyncMsg).chunks.length), [3, 3, 3, 1]);
    assert.deepEqual(decoded(packets), chunks, 'every chunk, in order');
    assert.equal(packer.total, 10);
  }
});

test('packer: a record that would pass the BIN maximum opens the next packet; one that fits in none is skipped and counted; no packet is ever too large', () => {
  const chunks = [Buffer.alloc(40_000, 1), Buffer.alloc(30_000, 2), Buffer.alloc(70_000, 3), Buffer.alloc(10, 4)];
  for (const writer of [false, true]) {
    const { packets, packer } = packAll(chunks, 65_000, writer);
    for (const p of packets) assert.ok(p.length <= MAX_PACKET, `packet of ${p.length} bytes`);
    assert.deepEqual(decoded(packets), [chunks[0], chunks[1], chunks[3]]);
    assert.deepEqual([packer.total, packer.skipped], [3, 1]);
  }
});

test('packer: nothing to send, no packet', () => {
  assert.deepEqual(packAll([], 32768).packets, []);
});
