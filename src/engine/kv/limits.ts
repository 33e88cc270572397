import { MAX_PACKET } from '../wire/index.js';

/** The capability of cachedb_local replication (reference Appendix A). */
export const KV_CAPABILITY = 'cachedb-local-repl';
/** BIN version of its packets. */
export const KV_BIN_VERSION = 1;

/**
 * Bytes of an insert packet besides collection, key and value: the BIN
 * header (marker 4, length 4, version 2), the capability (u16 length + 18),
 * the type (i32), three u16 string lengths, expires (i32) and the trailer
 * (cluster, src, dst: 12). A 7-byte collection, 2-byte key and 7-byte value
 * make the 72-byte packets of the recorded capture.
 */
export const INSERT_OVERHEAD = 10 + 2 + KV_CAPABILITY.length + 4 + 3 * 2 + 4 + 12;

/**
 * Most bytes collection + key + value may hold together: one insert must fit
 * in a BIN packet every OpenSIPS accepts (65515 bytes), so a store is never
 * refused by a peer. The `str` length fields (u16) allow more; the packet does not.
 */
export const MAX_ENTRY_BYTES = MAX_PACKET - INSERT_OVERHEAD;
