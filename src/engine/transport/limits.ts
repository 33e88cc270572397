import { LIMIT_DEFAULTS, type Limits } from '../config/limits.js';

/** What one BIN transport grants its peers: the transport's share of the configuration's limits (docs/limits.md). */
export type TransportLimits = Pick<Limits, 'maxFrameSize' | 'maxPendingBytes' | 'maxConnections' | 'maxConnectionsPerIp' | 'frameTimeoutMs' | 'unknownIdleTimeoutMs' | 'tlsHandshakeTimeoutMs'>;

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
