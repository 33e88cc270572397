/**
 * What scripts/fuzz.mjs runs on each input, and test/engine/wire/fuzz-corpus.test.ts
 * replays: the first byte picks the decoder, the rest is its input. Returns
 * a problem (a thrown value that is not a WireError, or a packet that does
 * not re-encode to what decodes the same), or undefined.
 */
import { decodeSyncExt } from '../../src/engine/capabilities/cl-sync.js';
import { decodeHealAsk } from '../../src/engine/capabilities/heal-ask.js';
import { decodeAck } from '../../src/engine/kv/ack.js';
import { decodeBatch, decodeChunk, decodeChunkV2, decodeKvPacket } from '../../src/engine/kv/codec.js';
import { decodeTimedBatch } from '../../src/engine/kv/timed-batch.js';
import { decodeHello, decodeMi } from '../../src/engine/messages/ext-wire.js';
import { decodeStatePayload } from '../../src/engine/shtags/state-msg.js';
import { FrameDecoder, decodeMessage, encodeMessage, isWireError, type ModuleMsg } from '../../src/engine/wire/index.js';

const asModule = (payload: Buffer, type: number, capability: string): ModuleMsg => ({ kind: 'module', capability, version: 1, type, payload, clusterId: 1, srcId: 2, dstId: 1 });

const DECODERS: ReadonlyArray<(b: Buffer) => void> = [
  // The stream splitter, fed in two pieces, then every frame it cut.
  (b) => {
    const d = new FrameDecoder();
    const cut = b.length > 0 ? b[0]! % (b.length + 1) : 0;
    for (const part of [b.subarray(0, cut), b.subarray(cut)]) {
      const r = d.push(part);
      for (const f of r.frames) roundTrip(f);
      if (r.error) break;
    }
  },
  (b) => roundTrip(b),
  (b) => decodeKvPacket(1 + ((b[0] ?? 0) % 2), b.subarray(1)),
  (b) => decodeBatch(b),
  (b) => decodeChunk(b),
  (b) => decodeChunkV2(b),
  (b) => decodeSyncExt(asModule(b.subarray(1), 1 + ((b[0] ?? 0) % 3), 'cl-sync')),
  (b) => decodeMi(asModule(b.subarray(1), 1 + ((b[0] ?? 0) % 3), 'cl-mi')),
  (b) => decodeHello(asModule(b, 1, 'cl-hello')),
  (b) => decodeStatePayload(b),
  (b) => decodeTimedBatch(b),
  (b) => decodeAck(b),
  (b) => decodeHealAsk(b),
];

/** Decodes; a packet that decodes must encode to bytes that decode to the same message. */
function roundTrip(frame: Buffer): void {
  let msg;
  try {
    msg = decodeMessage(frame);
  } catch (err) {
    if (isWireError(err)) return;
    throw err;
  }
  const again = decodeMessage(encodeMessage(msg));
  if (JSON.stringify(again) !== JSON.stringify(msg)) throw new Error(`re-encoding changed the ${msg.kind} message`);
}

export const targets = {
  count: DECODERS.length,
  run(input: Buffer): string | undefined {
    if (input.length === 0) return undefined;
    const decoder = DECODERS[input[0]! % DECODERS.length]!;
    try {
      decoder(input.subarray(1));
      return undefined;
    } catch (err) {
      if (isWireError(err)) return undefined;
      return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
  },
};
