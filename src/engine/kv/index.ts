/** The key-value store, wire-compatible with OpenSIPS cachedb_local (and its replication seam). */
export { KvStore, type KvStoreComponents, type KvStoreInit, type ListQuery } from './store.js';
export type { KvChange, KvEntry, KvListed, KvPutEntry, RemoteResult, SnapshotEntry } from './types.js';
export { Collections, parseCacheCollections, DEFAULT_COLLECTION, DEFAULT_COLLECTIONS, type CollectionSpec } from './collections.js';
export { KvCode, KvError } from './errors.js';
export { KV_CAPABILITY, KV_BIN_VERSION, MAX_ENTRY_BYTES, INSERT_OVERHEAD } from './limits.js';
export { MAX_TTL_SEC } from './checks.js';
export { encodeStore, encodeRemove, encodeChange, decodeKvPacket, encodeChunk, decodeChunk, encodeChunkV2, decodeChunkV2, scanChunk, type ChunkSpan, writeChunk, writeChunkV2, KvPacketType, KV_SYNC_DATA_VERSION, KV_SYNC_DATA_VERSION_CL } from './codec.js';
export { applyKvPacket, applyKvChunk, type InboundResult } from './remote.js';
export { globToRegExp } from './glob.js';
