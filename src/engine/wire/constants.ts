/**
 * BIN protocol constants (reference §1.3, §1.6, §2, §3.1, §12.3).
 * All integers on the wire are little-endian; there is no padding.
 */

/** Every BIN packet starts with these 4 ASCII bytes; anything else closes the connection. */
export const MARKER = Buffer.from('P4CK', 'latin1');
/** Marker (4) + total length (4) + version (2); the capability length follows at offset 10. */
export const HEADER_SIZE = 10;
/** Header + capability length (2) + a 1-byte capability name + type (4): smallest packet a 3.6+/4.x node accepts. */
export const MIN_PACKET = 17;
/** Largest packet 4.x builds and accepts (65535 − 20 reserved for relaying); we never exceed it. */
export const MAX_PACKET = 65515;
/** Largest packet 3.x builds/accepts (its TCP buffer size); opt-in when talking to 3.x only. */
export const MAX_PACKET_LEGACY = 65535;
/** A `str` length is a u16, so no string can be longer than this many bytes. */
export const MAX_STR = 65535;

/** Capability of the hop-by-hop topology messages (front header cluster_id, src_node_id). */
export const CAP_INTERNAL = 'clusterer-internal';
/** Capability of the routable clusterer messages (12-byte trailer). */
export const CAP_EXTRA = 'clusterer-extra';

/** BIN version of every clusterer message except the sync ones. */
export const BIN_VERSION = 1;
/** BIN version of SYNC_REQ/SYNC/SYNC_END since 3.3 (2 had no chunk count in SYNC_END). */
export const BIN_SYNC_VERSION = 3;

/** Clusterer packet types; one enumeration shared by both clusterer capabilities. */
export const MsgType = {
  PING: 0,
  PONG: 1,
  LS_UPDATE: 2,
  FULL_TOP_UPDATE: 3,
  UNKNOWN_ID: 4,
  NODE_DESCRIPTION: 5,
  REMOVE_NODE: 6,
  GENERIC_MSG: 7,
  MI_CMD: 8,
  CAP_UPDATE: 9,
  SYNC_REQ: 10,
  SYNC: 11,
  SYNC_END: 12,
  SHTAG_ACTIVE: 13,
} as const;
export type MsgTypeName = keyof typeof MsgType;
export type MsgTypeValue = (typeof MsgType)[MsgTypeName];

/** Start marker before every chunk of a SYNC packet (bytes b5 4a 05 06). */
export const SYNC_CHUNK_MARKER = 101010101;
/** A flooded message whose path is longer than this is not forwarded any further. */
export const UPDATE_MAX_PATH_LEN = 25;
/** Node limit per cluster; 3.6+ reject node/neighbour counts above it. */
export const MAX_NO_NODES = 128;
/** MI_CMD parameter limit of 4.x (3.6: 10); we never send more. */
export const MAX_MI_PARAMS = 20;
/** dst_node_id of a cluster-bridge packet (0xC0000000 read as a signed i32); 4.x modules only. */
export const AGG_DST_ID = -1073741824;
/** cluster_id, src_node_id, dst_node_id at the end of routable packets. */
export const TRAILER_SIZE = 12;
