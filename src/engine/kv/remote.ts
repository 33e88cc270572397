import type { Logger } from '../log.js';
import { isWireError } from '../wire/index.js';
import { KvPacketType, decodeBatch, decodeChunk, decodeKvPacket } from './codec.js';
import { scanTimedBatch } from './timed-batch.js';
import type { KvStore } from './store.js';
import type { KvChange } from './types.js';

/** What became of one packet or chunk from a peer. */
export type InboundResult = 'applied' | 'not-replicated' | 'unknown-collection' | 'malformed';

function apply(store: KvStore, change: KvChange, from: string, log: Logger): InboundResult {
  const r = store.applyRemote(change);
  if (r === 'unknown-collection') log.error(`${from}: unknown collection "${change.collection}" (known: ${store.collections.names().join(', ')}); dropped`);
  else if (r === 'not-replicated') log.debug(`${from}: collection "${change.collection}" does not replicate here; ignored`);
  return r;
}

/**
 * Applies one `cachedb-local-repl` packet (type and payload of a module
 * message) from a peer: what the capabilities layer calls for every
 * packet of the capability. Never throws on peer input: a malformed
 * payload is logged (naming the field) and dropped.
 */
export function applyKvPacket(store: KvStore, type: number, payload: Buffer, from: string, log: Logger): InboundResult {
  if (type === KvPacketType.BATCH) return applyBatch(store, payload, from, log);
  let change: KvChange;
  try {
    change = decodeKvPacket(type, payload);
  } catch (err) {
    if (!isWireError(err)) throw err;
    log.error(`${from}: bad cachedb-local-repl packet (${err.message}); dropped`);
    return 'malformed';
  }
  return apply(store, change, from, log);
}

/** A batch of a `cl` peer: decoded whole first, so a malformed one applies nothing. */
function applyBatch(store: KvStore, payload: Buffer, from: string, log: Logger): InboundResult {
  let changes: KvChange[];
  try {
    changes = decodeBatch(payload);
  } catch (err) {
    if (!isWireError(err)) throw err;
    log.error(`${from}: bad cachedb-local-repl batch (${err.message}); dropped`);
    return 'malformed';
  }
  let result: InboundResult = 'applied';
  for (const c of changes) {
    const r = apply(store, c, from, log);
    if (r !== 'applied') result = r;
  }
  return result;
}

/** Applies one sync chunk's data from a donor, as an insert with its remaining seconds. */
export function applyKvChunk(store: KvStore, data: Buffer, from: string, log: Logger): InboundResult {
  let e;
  try {
    e = decodeChunk(data);
  } catch (err) {
    if (!isWireError(err)) throw err;
    log.error(`${from}: bad cachedb-local-repl sync chunk (${err.message}); dropped`);
    return 'malformed';
  }
  return apply(store, { op: 'store', collection: e.collection, key: e.key, value: e.value, expiresSec: e.remainingSec }, from, log);
}

/**
 * A timed batch of a `cl` peer (type 101): checked whole first (a
 * malformed one applies nothing), then each change applied by its write
 * time (the later write of a key wins), its key and value copied as bytes.
 * Returns the batch's ack id (0: none asked, or malformed: nothing to confirm).
 */
export function applyTimedBatch(store: KvStore, payload: Buffer, from: string, log: Logger): number {
  try {
    return scanTimedBatch(payload, (c) => {
      if (store.applyTimedBytes(payload, c) !== 'unknown-collection') return;
      const name = payload.toString('utf8', c.collectionStart + 2, c.collectionStart + 2 + c.collectionLen);
      log.error(`${from}: unknown collection "${name}" (known: ${store.collections.names().join(', ')}); dropped`);
    });
  } catch (err) {
    if (!isWireError(err)) throw err;
    log.error(`${from}: bad cachedb-local-repl timed batch (${err.message}); dropped`);
    return 0;
  }
}
