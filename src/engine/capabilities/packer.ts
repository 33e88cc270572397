import type { BinWriter } from '../wire/index.js';
import { CAP_EXTRA, MAX_PACKET, MsgType, SYNC_CHUNK_MARKER, BIN_SYNC_VERSION, TRAILER_SIZE, finishPacket, startPacket, type Trailer } from '../wire/index.js';
import type { SyncStream } from './types.js';

/** Bytes of a chunk besides its data: i32 length and i32 marker. */
const CHUNK_OVERHEAD = 8;
/** A packet never grows past this before its trailer. */
const LIMIT = MAX_PACKET - TRAILER_SIZE;

/**
 * Packs a capability's records into SYNC packets (reference §5.5): cap
 * name and data version, then chunks (length, marker 101010101, data); a
 * packet is closed once it reaches `sync_packet_size`, so it may exceed it
 * by one record, never the BIN maximum (a record that would is moved to
 * the next packet; one that fits in no packet is skipped and counted).
 */
export class SyncPacker {
  private w: BinWriter | undefined;
  private inPacket = 0;
  /** Records packed, and records too large for any packet. */
  total = 0;
  skipped = 0;
  private readonly next: (w: BinWriter) => boolean;
  private readonly room: number;

  constructor(
    private readonly capability: string,
    private readonly stream: SyncStream,
    private readonly trailer: Trailer,
    packetSize: number,
  ) {
    this.room = Math.min(Math.max(1, packetSize), LIMIT);
    if (stream.writeNext) this.next = stream.writeNext;
    else {
      const it = stream.chunks[Symbol.iterator]();
      this.next = (w) => {
        const r = it.next();
        if (r.done) return false;
        w.bytes(r.value);
        return true;
      };
    }
  }

  private open(): BinWriter {
    const w = startPacket(BIN_SYNC_VERSION, CAP_EXTRA, MsgType.SYNC, 36_000).str(this.capability).i32(this.stream.dataVersion);
    this.inPacket = 0;
    return w;
  }

  /** The next SYNC packet, or null when every record was packed. */
  nextPacket(): Buffer | null {
    let w = this.w ?? this.open();
    this.w = undefined;
    for (;;) {
      const at = w.length;
      w.i32(0).i32(SYNC_CHUNK_MARKER);
      if (!this.next(w)) {
        w.truncate(at);
        return this.inPacket > 0 ? this.close(w) : null;
      }
      const len = w.length - at - CHUNK_OVERHEAD;
      w.patchU32(at, len);
      if (w.length > LIMIT) {
        // Too big for this packet: it goes first in the next one, or nowhere if it fits in none.
        const chunk = Buffer.from(w.view(at));
        w.truncate(at);
        const had = this.inPacket;
        const fresh = this.open();
        if (fresh.length + chunk.length > LIMIT) {
          this.skipped++;
          this.inPacket = had;
          if (had > 0) return this.close(w);
          w = fresh;
          continue;
        }
        fresh.bytes(chunk);
        this.total++;
        this.inPacket = 1;
        if (had > 0) {
          this.w = fresh;
          return this.close(w);
        }
        w = fresh;
        if (w.length >= this.room) return this.close(w);
        continue;
      }
      this.total++;
      this.inPacket++;
      if (w.length >= this.room) return this.close(w);
    }
  }

  private close(w: BinWriter): Buffer {
    const t = this.trailer;
    return finishPacket(w.i32(t.clusterId).i32(t.srcId).i32(t.dstId));
  }
}
