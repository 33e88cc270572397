import { lazyBuiltin } from '../builtin.js';
import type { Clusterer } from '../cluster/clusterer.js';
import { SendResult } from '../cluster/send-result.js';
import type { Logger } from '../log.js';
import type { ClusterView } from '../topology/index.js';
import { TRAILER_SIZE, encodeMessage, peekHeader } from '../wire/index.js';
import { encodeSyncExt } from './cl-sync.js';
import type { LocalCap } from './local-cap.js';
import { SyncPacker } from './packer.js';

const crypto = lazyBuiltin<typeof import('node:crypto')>('node:crypto');


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
  /** Records counted so far (the stream's own bookkeeping). */
  sentSoFar: number;
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
  const packer = new SyncPacker(cap.name, stream, t, o.packetSize);
  let packets = 0;
  for (let frame = packer.nextPacket(); frame !== null; frame = packer.nextPacket()) {
    hash?.update(syncRegion(frame, cap.name));
    packets++;
    if (!(await send(frame))) return;
    o.counted(packer.total - o.sentSoFar);
    o.sentSoFar = packer.total;
    await cl.writable(view, to);
    if (!o.running() || !view.isReachable(to)) return log.info(`sync of capability '${cap.name}' to node ${to} stopped after ${packer.total} records`);
  }
  if (packer.skipped > 0) log.error(`capability ${cap.name}: ${packer.skipped} records too large for a sync packet were not sent to node ${to}`);
  const total = packer.total;
  if (hash && !(await send(encodeSyncExt({ type: 'end', capability: cap.name, chunks: total, digest: hash.digest('hex') }, t)))) return;
  if (!(await send(encodeMessage({ kind: 'sync_end', capability: cap.name, totalChunks: total, ...t })))) return;
  log.info(`Sent all sync packets (${packets}) for capability '${cap.name}' to node ${to}, cluster ${view.clusterId}`);
}
