import { CodedError } from '../errors.js';

/** Stable codes of the key-value store. */
export const KvCode = {
  /** A collection that `cache_collections` does not define. */
  UNKNOWN_COLLECTION: 'CL_ERR_KV_UNKNOWN_COLLECTION',
  /** Key, value and collection too large for one replication packet. */
  TOO_LARGE: 'CL_ERR_KV_TOO_LARGE',
  /** No such key (or it expired). */
  NOT_FOUND: 'CL_ERR_KV_NOT_FOUND',
  /** An empty key, a value that is not text, a bad TTL or delta. */
  BAD_VALUE: 'CL_ERR_KV_BAD_VALUE',
  /** A counter operation on a value that is not a 32-bit integer, or a result outside that range. */
  NOT_A_COUNTER: 'CL_ERR_KV_NOT_A_COUNTER',
  /** Replication towards a peer is backed up: the change is refused, not queued without bound. */
  BACKLOG: 'CL_ERR_KV_BACKLOG',
  /** A confirmed write (`cl_kv_put` with `replicated`) that too few nodes confirmed in time: kept on this node, not acknowledged. */
  NOT_CONFIRMED: 'CL_ERR_KV_NOT_CONFIRMED',
} as const;

export type KvCode = (typeof KvCode)[keyof typeof KvCode];

export class KvError extends CodedError<KvCode> {}
