import { lazyBuiltin } from '../builtin.js';
import type { Clusterer } from '../cluster/clusterer.js';
import { SendResult } from '../cluster/send-result.js';
import type { Logger } from '../log.js';
import type { ClusterView } from '../topology/index.js';
import { MAX_PACKET, TRAILER_SIZE, encodeMessage, peekHeader } from '../wire/index.js';
import { encodeSyncExt } from './cl-sync.js';
import type { LocalCap } from './local-cap.js';

const crypto = lazyBuiltin<typeof import('node:crypto')>('node:crypto');

/** Bytes of a chunk besides its data: i32 length and i32 marker. */
const CHUNK_OVERHEAD = 8;

/** The chunk bytes of a SYNC packet (after cap name and data_version, before the trailer): what `cl-sync` digests. */
export function syncRegion(frame: Buffer, capability: string): Buffer {
  const start = peekHeader(frame).payloadOffset + 2 + Buffer.byteLength(capability) + 4;
  return frame.subarray(start, frame.length - TRAILER_SIZE);
}

export interface ServeSync {
  cluster: Clusterer;
  view: ClusterView;
  cap: LocalCap;
  to: number;
  /** The requester is a `cl` node: BEGIN and END of `cl-sync` go with the stream. */
  extended: boolean;
  /** `sync_packet_size`. */
  packetSize: number;
  /** False once the node stops or the capability is disabled: the stream ends there. */
  running: () => boolean;
  counted: (chunks: number) => void;
  log: Logger;
}

/**
 * Serves one sync (reference §5.5): the capability's records, one chunk
 * each, packed into SYNC packets of about `sync_packet_size` bytes and
 * sent in order; each packet waits until the connection towards the
 * requester drained, so the donor goes at the pace of the requester and
 * holds one packet of the data set at a time. Then SYNC_END with the count.
 */
export async function serveSync(o: ServeSync): Promise<void> {
  const { cluster: cl, view, cap, to, log } = o;
  const t = { clusterId: view.clusterId, srcId: cl.myId, dstId: to };
  const stream = cap.handlers.syncStream({ nodeId: to, extended: o.extended });
  const hash = o.extended ? crypto().createHash('sha1') : undefined;
  const send = async (frame: Buffer): Promise<boolean> => {
    if ((await cl.route(view, to, frame)) === SendResult.SENT) return true;
    log.error(`Failed to send sync packet for capability '${cap.name}' to node ${to}, cluster ${view.clusterId}: sync abandoned`);
    return false;
  };
  if (o.extended && !(await send(encodeSyncExt({ type: 'begin', capability: cap.name, expected: stream.expected ?? 0, merge: false }, t)))) return;
  const room = Math.min(o.packetSize, MAX_PACKET - 256);
  let chunks: Buffer[] = [];
  let size = 0;
  let total = 0;
  let packets = 0;
  let skipped = 0;
  const flush = async (): Promise<boolean> => {
    if (chunks.length === 0) return true;
    const frame = encodeMessage({ kind: 'sync', capability: cap.name, dataVersion: stream.dataVersion, chunks, ...t });
    hash?.update(syncRegion(frame, cap.name));
    total += chunks.length;
    o.counted(chunks.length);
    chunks = [];
    size = 0;
    packets++;
    if (!(await send(frame))) return false;
    await cl.writable(view, to);
    return o.running() && view.isReachable(to);
  };
  for (const chunk of stream.chunks) {
    if (chunk.length + CHUNK_OVERHEAD > MAX_PACKET - 256) {
      if (skipped++ === 0) log.error(`capability ${cap.name}: a record of ${chunk.length} bytes does not fit in a sync packet: not sent`);
      continue;
    }
    if (size > 0 && size + chunk.length + CHUNK_OVERHEAD > room && !(await flush())) return;
    chunks.push(chunk);
    size += chunk.length + CHUNK_OVERHEAD;
  }
  if (!(await flush())) return;
  if (hash && !(await send(encodeSyncExt({ type: 'end', capability: cap.name, chunks: total, digest: hash.digest('hex') }, t)))) return;
  if (!(await send(encodeMessage({ kind: 'sync_end', capability: cap.name, totalChunks: total, ...t })))) return;
  log.info(`Sent all sync packets (${packets}) for capability '${cap.name}' to node ${to}, cluster ${view.clusterId}`);
}
