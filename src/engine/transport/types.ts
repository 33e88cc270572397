import type { TlsSettings } from '../config/tls.js';
import type { Logger } from '../log.js';
import type { StatsRegistry } from '../stats/registry.js';
import type { ConnectionHooks } from './connection.js';
import type { TransportLimits } from './limits.js';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
  /** BIN over TLS (`bins:`): only ever spoken over TLS, a listener refuses plain BIN. */
  readonly tls?: boolean;
}

export interface TransportHooks extends ConnectionHooks {
  /** An open outbound connection to `peer` closed or was reset (peer stopped or died). */
  onConnectionLost?(peer: Endpoint): void;
}

export interface TransportInit {
  listen: Endpoint[];
  log: Logger;
  hooks: TransportHooks;
  /** Bound on establishing an outbound connection. */
  connectTimeoutMs?: number;
  /** What peers are granted (defaults: TRANSPORT_LIMIT_DEFAULTS); exceeding one closes the connection. */
  limits?: Partial<TransportLimits>;
  /** Where the `bin:conn_*` statistics go (none: not counted). */
  stats?: StatsRegistry;
  /** Certificates and checks of BIN over TLS; required by `tls` listeners and to reach `tls` peers. */
  tls?: TlsSettings | null;
}

/** What a TLS reload loaded. */
export interface TlsReloaded {
  certificate: string;
  subject: string;
  notAfter: Date;
  caCount: number;
}

/**
 * How a node reaches its peers: listeners for inbound connections and one
 * outbound connection per peer, bound to the local node's IP (peers
 * authenticate packets by source IP). Frames from both directions reach
 * `hooks.onFrame` whole. BIN over TCP is one implementation, the in-memory
 * network of the simulations another.
 */
export interface Transport {
  /** The addresses actually listened on (port 0 resolved), once started. */
  readonly bound: readonly Endpoint[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Sends one frame to `peer` on this node's own connection to it, opening
   * it from `localHost` if needed. Resolves false when the connection cannot
   * be established or the peer's backlog is full.
   */
  send(peer: Endpoint, localHost: string, frame: Buffer): Promise<boolean>;
  /**
   * Synchronous fast path of `send` (no Promise per frame): writes when the
   * connection to `peer` is already open and says whether the frame was
   * accepted; undefined when the connection must first be dialled.
   */
  trySend(peer: Endpoint, frame: Buffer): boolean | undefined;
  /**
   * Resolves once our backlog towards `peer` is small enough to write more
   * (at once when it is, or when there is no connection): a sender of bulk
   * data awaits it between packets, so a slow receiver slows it down
   * instead of growing the node's memory. Optional: without it, never waits.
   */
  drained?(peer: Endpoint): Promise<void>;
  /** Bytes written towards `peer` and not yet handed to the network (0 without a connection). Optional. */
  backlog?(peer: Endpoint): number;
  /** True if an outbound connection to `peer` is established right now. */
  isConnected(peer: Endpoint): boolean;
  /** Drops the connection to `peer` (e.g. after a node was removed). */
  disconnect(peer: Endpoint): void;
  /**
   * Reads the TLS certificate, key and CA list again (from `settings`);
   * connections opened from now on use them, open ones are kept. Throws a
   * ConfigError naming a bad file (the old ones stay in use). Optional: a
   * transport without TLS has none.
   */
  reloadTls?(settings: TlsSettings | null): TlsReloaded | null;
}

/** Builds a node's transport; the node passes its listeners, logger and hooks. */
export type TransportFactory = (init: TransportInit) => Transport;
