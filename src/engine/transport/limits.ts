import { LIMIT_DEFAULTS } from '../config/limits.js';

/** What one BIN transport grants its peers (the `limits` of the configuration, docs/limits.md). */
export interface TransportLimits {
  /** Largest packet accepted; a larger length prefix closes the connection. */
  maxFrameSize: number;
  /** Unsent bytes queued on one connection before it is cut (a peer that does not read). */
  maxPendingBytes: number;
  /** Inbound connections open at once. */
  maxConnections: number;
  /** Inbound connections open at once from one address. */
  maxConnectionsPerIp: number;
  /** A started packet must arrive whole within this many ms. */
  frameTimeoutMs: number;
  /** An inbound connection that has delivered no member's packet within this many ms is closed. */
  unknownIdleTimeoutMs: number;
  /** A `bins:` connection must complete its TLS handshake within this many ms. */
  tlsHandshakeTimeoutMs: number;
}

/**
 * Unsent bytes on a connection past which reading from it pauses until the
 * peer has read them: a peer that sends without reading our answers is
 * slowed down to its own pace instead of filling our memory.
 */
export const READ_PAUSE_BACKLOG = 256 * 1024;

export const TRANSPORT_LIMIT_DEFAULTS: Readonly<TransportLimits> = Object.freeze({
  maxFrameSize: LIMIT_DEFAULTS.maxFrameSize,
  maxPendingBytes: LIMIT_DEFAULTS.maxPendingBytes,
  maxConnections: LIMIT_DEFAULTS.maxConnections,
  maxConnectionsPerIp: LIMIT_DEFAULTS.maxConnectionsPerIp,
  frameTimeoutMs: LIMIT_DEFAULTS.frameTimeoutMs,
  unknownIdleTimeoutMs: LIMIT_DEFAULTS.unknownIdleTimeoutMs,
  tlsHandshakeTimeoutMs: LIMIT_DEFAULTS.tlsHandshakeTimeoutMs,
});

/** Why the transport closed or refused a connection; each is a `bin:` statistic (docs/limits.md). */
export const CLOSE_REASONS = {
  max_connections: 'conn_refused_max',
  max_connections_per_ip: 'conn_refused_per_ip',
  frame_timeout: 'conn_frame_timeout',
  unknown_idle: 'conn_unknown_idle',
  frame_too_large: 'conn_frame_too_large',
  backlog: 'conn_backlog_cut',
  evicted: 'conn_evicted',
  tls_refused: 'tls_refused',
  tls_handshake_failed: 'tls_handshake_failed',
  tls_handshake_timeout: 'tls_handshake_timeout',
} as const;

export type CloseReason = keyof typeof CLOSE_REASONS;
