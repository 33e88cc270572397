import { MAX_BIN_PACKET } from './defaults.js';
import type { IssueList } from './errors.js';
import type { ConfigKey } from './keys.js';
import { INT_MAX, toInt } from './values.js';

/**
 * What a node grants the network, each a configuration key (docs/limits.md).
 * Exceeding one closes the offending connection (or refuses the node) with
 * a logged reason and a statistic; the node itself carries on.
 */
export interface Limits {
  /** `max_frame_size`: largest BIN packet accepted, bytes. */
  maxFrameSize: number;
  /** `max_pending_bytes`: unsent bytes queued for one peer before its connection is cut. */
  maxPendingBytes: number;
  /** `max_connections`: inbound BIN connections open at once. */
  maxConnections: number;
  /** `max_connections_per_ip`: inbound BIN connections open at once from one source address. */
  maxConnectionsPerIp: number;
  /** `frame_timeout`: ms a started packet may take to arrive whole. */
  frameTimeoutMs: number;
  /** `unknown_idle_timeout`: ms an inbound connection may stay open without a packet from a member. */
  unknownIdleTimeoutMs: number;
  /** `max_nodes_per_cluster`: remote nodes a cluster may hold; discovery stops there. At most `wireMaxNodes`. */
  maxNodesPerCluster: number;
  /**
   * `wire_max_nodes` (ours): the largest node count a packet may carry, sent
   * or received (node lists, topology entries, neighbours, path). 128 is
   * OpenSIPS's MAX_NO_NODES; more is for clusters of `cl` nodes only, which
   * OpenSIPS nodes cannot join (they refuse such packets).
   */
  wireMaxNodes: number;
  /** `mi_max_body`: largest control-plane request body, bytes. */
  miMaxBody: number;
  /** `tls_handshake_timeout`: ms a `bins:` connection may take to complete its TLS handshake. */
  tlsHandshakeTimeoutMs: number;
}

/** Smallest packet (reference §1.3): a smaller maximum would refuse every packet. */
const MIN_FRAME = 17;
/** The node limit of OpenSIPS 3.6+ (MAX_NO_NODES): counts above it are refused on the wire. */
const MAX_NODES = 128;
/** The largest `wire_max_nodes`: a full mesh of this size still fits its FULL_TOP_UPDATE entries in packets. */
const MAX_WIRE_NODES = 4096;

export const LIMIT_DEFAULTS: Readonly<Limits> = Object.freeze({
  // OpenSIPS 4.x accepts up to 65515 bytes; 3.x nodes speaking to 3.x only may raise it to 65535.
  maxFrameSize: MAX_BIN_PACKET,
  maxPendingBytes: 16 << 20,
  // OpenSIPS tcp_max_connections.
  maxConnections: 2048,
  // Twice a full cluster behind one address (every node on one host, each reconnecting once).
  maxConnectionsPerIp: 2 * MAX_NODES,
  // OpenSIPS tcp_max_msg_time (4 s).
  frameTimeoutMs: 4000,
  unknownIdleTimeoutMs: 10_000,
  maxNodesPerCluster: MAX_NODES,
  wireMaxNodes: MAX_NODES,
  miMaxBody: 1 << 20,
  // OpenSIPS bins_handshake_timeout is 100 ms; a loaded machine needs more, and a
  // stranger holding a handshake open is bounded by the connection caps too.
  tlsHandshakeTimeoutMs: 2000,
});

export const LIMIT_KEYS = [
  'max_frame_size', 'max_pending_bytes', 'max_connections', 'max_connections_per_ip',
  'frame_timeout', 'unknown_idle_timeout', 'max_nodes_per_cluster', 'mi_max_body',
  'tls_handshake_timeout', 'wire_max_nodes',
] as const;

type LimitKey = (typeof LIMIT_KEYS)[number];

const RANGES: Record<LimitKey, { field: keyof Limits; min: number; max: number }> = {
  max_frame_size: { field: 'maxFrameSize', min: MIN_FRAME, max: 65535 },
  max_pending_bytes: { field: 'maxPendingBytes', min: 65536, max: INT_MAX },
  max_connections: { field: 'maxConnections', min: 1, max: 1_000_000 },
  max_connections_per_ip: { field: 'maxConnectionsPerIp', min: 1, max: 1_000_000 },
  frame_timeout: { field: 'frameTimeoutMs', min: 10, max: INT_MAX },
  unknown_idle_timeout: { field: 'unknownIdleTimeoutMs', min: 10, max: INT_MAX },
  max_nodes_per_cluster: { field: 'maxNodesPerCluster', min: 1, max: MAX_WIRE_NODES },
  wire_max_nodes: { field: 'wireMaxNodes', min: MAX_NODES, max: MAX_WIRE_NODES },
  mi_max_body: { field: 'miMaxBody', min: 1024, max: INT_MAX },
  tls_handshake_timeout: { field: 'tlsHandshakeTimeoutMs', min: 10, max: INT_MAX },
};

/** Reads the limit keys (each optional), recording every bad value. */
export function readLimits(params: Map<ConfigKey, unknown>, issues: IssueList): Limits {
  const out: Limits = { ...LIMIT_DEFAULTS };
  for (const key of LIMIT_KEYS) {
    const v = params.get(key);
    if (v === undefined) continue;
    const { field, min, max } = RANGES[key];
    const r = toInt(v, min, max);
    if (r.ok) out[field] = r.value;
    else issues.add(key, r.message);
  }
  if (out.maxNodesPerCluster > out.wireMaxNodes) {
    issues.add('max_nodes_per_cluster', `must be at most ${out.wireMaxNodes} (wire_max_nodes), got ${out.maxNodesPerCluster}`);
    out.maxNodesPerCluster = out.wireMaxNodes;
  }
  return out;
}
