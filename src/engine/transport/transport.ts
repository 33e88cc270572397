import { createServer, connect, type Server, type Socket } from 'node:net';
import { ConfigError } from '../config/errors.js';
import { loadTlsMaterial } from '../config/tls-files.js';
import type { TlsSettings } from '../config/tls.js';
import { heldNote, RateLimiter } from '../common/rate-limit.js';
import { attachReader, plainIp, type FrameSource, type ReaderOptions } from './connection.js';
import { TransportError, addrInUse } from './errors.js';
import { CLOSE_REASONS, TRANSPORT_LIMIT_DEFAULTS, type CloseReason, type TransportLimits } from './limits.js';
import { TlsLayer } from './tls.js';
import type { Endpoint, TlsReloaded, Transport, TransportFactory, TransportHooks, TransportInit } from './types.js';

export type { Endpoint, Transport, TransportFactory, TransportHooks, TransportInit };

interface Outbound {
  socket: Socket;
  open: boolean;
  ready: Promise<boolean>;
  /** Frames written in this turn of the event loop, not yet handed to the socket (see `write`). */
  queue?: Buffer[];
  queued: number;
}

/** A bulk sender (see `drained`) waits while more than this is unsent towards a peer. */
const DRAINED_BYTES = 1 << 20;

/** Hands the frames gathered during one turn of the event loop to the socket in one write. */
const flush = (conn: Outbound): void => {
  const q = conn.queue;
  if (!q) return;
  conn.queue = undefined;
  conn.queued = 0;
  if (!conn.socket.destroyed) conn.socket.write(q.length === 1 ? q[0]! : Buffer.concat(q));
};

/** Closes a connection, first handing the kernel what was written in this turn (destroy drops unflushed writes). */
const close = (conn: Outbound): void => {
  flush(conn);
  conn.socket.destroy();
};

/** Map key of a peer; endpoints are mostly the cached objects of endpointOf, so the string is made once. */
const keys = new WeakMap<Endpoint, string>();
const key = (e: Endpoint): string => {
  let k = keys.get(e);
  if (k === undefined) {
    k = `${e.tls ? 'bins:' : ''}${e.host}:${e.port}`;
    keys.set(e, k);
  }
  return k;
};

/** `bin:IP:PORT` or `bins:IP:PORT`, for messages. */
const urlOf = (e: Endpoint): string => `${e.tls ? 'bins' : 'bin'}:${e.host}:${e.port}`;

/** An inbound connection: a stranger's until a member's packet arrives on it. */
interface Inbound {
  socket: Socket;
  ip: string;
  known: boolean;
  idle: NodeJS.Timeout | undefined;
}

/** One log line per reason and address per this window. */
const LIMIT_LOG_WINDOW_MS = 60_000;

/**
 * BIN over TCP, and over TLS for `bins:` listeners and peers (see Transport):
 * one copy of the framing, limits and backpressure for both; TlsLayer only
 * runs the handshake and the certificate checks before a TLS socket is
 * handed to the same reader and writer.
 */
export class BinTransport implements Transport {
  private readonly servers: Server[] = [];
  /** In arrival order (eviction takes the oldest stranger). */
  private readonly inbound = new Set<Inbound>();
  private readonly perIp = new Map<string, number>();
  private readonly outbound = new Map<string, Outbound>();
  private stopped = false;
  readonly bound: Endpoint[] = [];
  private readonly hooks: TransportHooks;
  readonly limits: TransportLimits;
  private readonly counters = new Map<CloseReason, (by?: number) => void>();
  private countPaused: () => void = () => {};
  /** `bin:bin_packets_sent` and `bin:bin_bytes_sent`: frames handed to a connection (length prefix included). */
  private countSent: (bytes: number) => void = () => {};
  private readonly limiter = new RateLimiter({ windowMs: LIMIT_LOG_WINDOW_MS, now: Date.now });
  private tls: TlsLayer | undefined;
  /** `bins:` listeners with settings of their own (`tls.listeners`), by host:port of the listener. */
  private readonly listenerTls = new Map<string, TlsLayer>();

  /** Throws ConfigError when the TLS files of `init.tls` cannot be used. */
  constructor(private readonly init: TransportInit) {
    this.hooks = init.hooks;
    this.limits = { ...TRANSPORT_LIMIT_DEFAULTS, ...init.limits };
    if (init.tls) {
      this.tls = this.makeTls(init.tls);
      for (const l of init.tls.listeners) this.listenerTls.set(`${l.host}:${l.port}`, this.makeTls(l.settings));
    }
    const stats = init.stats;
    if (stats) {
      for (const [reason, name] of Object.entries(CLOSE_REASONS) as [CloseReason, string][]) this.counters.set(reason, stats.counter('bin', name));
      stats.gauge('bin', 'conn_inbound', () => this.inbound.size);
      stats.gauge('bin', 'conn_outbound', () => this.outbound.size);
      const paused = stats.counter('bin', 'conn_read_paused');
      this.countPaused = () => paused();
      const packets = stats.counter('bin', 'bin_packets_sent');
      const bytes = stats.counter('bin', 'bin_bytes_sent');
      this.countSent = (n) => {
        packets();
        bytes(n);
      };
    }
  }

  private makeTls(settings: TlsSettings): TlsLayer {
    return new TlsLayer({ settings, handshakeTimeoutMs: this.limits.tlsHandshakeTimeoutMs, log: this.init.log, refuse: (reason, ip, detail) => this.limitHit(reason, ip, detail) });
  }

  reloadTls(settings: TlsSettings | null): TlsReloaded | null {
    if (settings === null) {
      if (!this.tls) return null;
      throw new ConfigError([{ key: 'tls', message: 'the tls section was removed but this node serves or reaches bins: addresses; the certificates in use are kept' }]);
    }
    // Everything is read before anything is swapped: a bad file anywhere keeps all in use.
    const own = new Map<string, TlsSettings>(settings.listeners.map((l) => [`${l.host}:${l.port}`, l.settings]));
    for (const ls of own.values()) loadTlsMaterial(ls);
    let m;
    if (this.tls) m = this.tls.reload(settings);
    else m = (this.tls = this.makeTls(settings)).current;
    for (const [k, ls] of own) {
      const layer = this.listenerTls.get(k);
      if (layer) layer.reload(ls);
      else this.listenerTls.set(k, this.makeTls(ls));
    }
    for (const k of [...this.listenerTls.keys()]) if (!own.has(k)) this.listenerTls.delete(k);
    return { certificate: settings.certificate, subject: m.subject, notAfter: m.notAfter, caCount: m.caCount };
  }

  /** Counts a limit hit and logs it once per reason and address per minute. */
  private limitHit(reason: CloseReason, ip: string, detail: string): void {
    this.counters.get(reason)?.();
    const t = this.limiter.take(`${reason}|${ip}`);
    if (t.pass) this.init.log.warn(`closing BIN connection with ${ip}: ${reason.replace(/_/g, ' ')} (${detail})${heldNote(t.held)}`);
  }

  private readerOptions(onAccepted?: () => void): ReaderOptions {
    const l = this.limits;
    return {
      maxPacket: l.maxFrameSize,
      frameTimeoutMs: l.frameTimeoutMs,
      maxPendingBytes: l.maxPendingBytes,
      onLimit: (reason, from, detail) => this.limitHit(reason, from.remoteAddress, detail),
      onPaused: () => this.countPaused(),
      ...(onAccepted ? { onAccepted } : {}),
    };
  }

  async start(): Promise<void> {
    const plainTls = this.init.listen.find((ep) => ep.tls && !this.tls);
    if (plainTls) throw new ConfigError([{ key: 'tls', message: `${urlOf(plainTls)} is a TLS (bins:) listener but no tls settings are given` }]);
    for (const ep of this.init.listen) {
      const tls = ep.tls === true;
      const at = `${ep.host}:${ep.port}`;
      const srv = createServer((s) => this.accept(s, tls ? at : null));
      await new Promise<void>((resolve, reject) => {
        srv.once('error', (err: NodeJS.ErrnoException) =>
          reject(
            err.code === 'EADDRINUSE'
              ? addrInUse(urlOf(ep), err)
              : new TransportError('CL_ERR_LISTEN', `cannot listen on ${urlOf(ep)}: ${err.code ?? err.message}`, { cause: err }),
          ),
        );
        srv.listen({ host: ep.host, port: ep.port, exclusive: true }, () => resolve());
      });
      srv.on('error', (err) => this.init.log.error(`BIN listener error: ${err.message}`));
      const addr = srv.address();
      if (addr && typeof addr === 'object') this.bound.push({ host: addr.address, port: addr.port, ...(tls ? { tls } : {}) });
      this.servers.push(srv);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const o of this.outbound.values()) close(o);
    this.outbound.clear();
    for (const c of this.inbound) {
      clearTimeout(c.idle);
      c.socket.destroy();
    }
    this.inbound.clear();
    this.perIp.clear();
    this.tls?.stop();
    for (const l of this.listenerTls.values()) l.stop();
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    this.servers.length = 0;
  }

  send(peer: Endpoint, localHost: string, frame: Buffer): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    let conn = this.outbound.get(key(peer));
    if (!conn) {
      if (this.unreachable(peer)) return Promise.resolve(false);
      conn = this.dial(peer, localHost, this.tls);
    }
    if (conn.open) return Promise.resolve(this.write(conn, frame));
    return conn.ready.then((ok) => ok && this.write(conn, frame));
  }

  trySend(peer: Endpoint, frame: Buffer): boolean | undefined {
    if (this.stopped) return false;
    const conn = this.outbound.get(key(peer));
    if (!conn?.open) return undefined;
    return this.write(conn, frame);
  }

  backlog(peer: Endpoint): number {
    const conn = this.outbound.get(key(peer));
    return conn?.open ? conn.socket.writableLength + conn.queued : 0;
  }

  async drained(peer: Endpoint): Promise<void> {
    const conn = this.outbound.get(key(peer));
    if (!conn?.open || conn.socket.writableLength + conn.queued <= DRAINED_BYTES) return;
    // Frames of this turn reach the socket at the end of the turn (see write); then the socket says whether it must drain.
    await new Promise<void>((r) => setImmediate(r));
    const s = conn.socket;
    if (s.destroyed || !s.writableNeedDrain) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        s.off('drain', done);
        s.off('close', done);
        resolve();
      };
      s.on('drain', done);
      s.on('close', done);
    });
  }

  isConnected(peer: Endpoint): boolean {
    return this.outbound.get(key(peer))?.open ?? false;
  }

  disconnect(peer: Endpoint): void {
    const conn = this.outbound.get(key(peer));
    if (conn) close(conn);
  }

  private write(conn: Outbound, frame: Buffer): boolean {
    if (conn.socket.destroyed) return false;
    const backlog = conn.socket.writableLength + conn.queued;
    if (backlog + frame.length > this.limits.maxPendingBytes) {
      // A peer that does not read is cut, never buffered for: the link is probed again from scratch.
      this.limitHit('backlog', conn.socket.remoteAddress ? plainIp(conn.socket.remoteAddress) : 'peer', `${backlog} bytes unsent, max_pending_bytes ${this.limits.maxPendingBytes}`);
      conn.queue = undefined;
      conn.queued = 0;
      conn.socket.destroy();
      return false;
    }
    // Frames written in the same task leave in one write, not one syscall
    // (nor one trip through the stream machinery) each: a burst of messages
    // costs one write instead of hundreds. The flush comes at the end of the
    // task (nextTick), before any other I/O, so a frame never lags behind an
    // answer the same task gives on another socket (an MI reply saying a
    // sharing tag was announced, say).
    if (conn.queue) {
      conn.queue.push(frame);
      conn.queued += frame.length;
    } else {
      conn.queue = [frame];
      conn.queued = frame.length;
      process.nextTick(flush, conn);
    }
    this.countSent(frame.length);
    return true;
  }

  /** A bins: peer and no TLS: never contacted in plain text (logged once a minute per peer). */
  private unreachable(peer: Endpoint): boolean {
    if (!peer.tls || this.tls) return false;
    const t = this.limiter.take(`notls|${key(peer)}`);
    if (t.pass) this.init.log.warn(`cannot reach ${urlOf(peer)}: it is a TLS (bins:) address and this node has no tls settings${heldNote(t.held)}`);
    return true;
  }

  /** Opens our connection to `peer` (never a bins: one without TLS: see unreachable). */
  private dial(peer: Endpoint, localHost: string, tls: TlsLayer | undefined): Outbound {
    let settle: (ok: boolean) => void = () => {};
    const ready = new Promise<boolean>((r) => (settle = r));
    const opened = (): void => {
      clearTimeout(timer);
      attachReader(socket, true, this.hooks, this.readerOptions());
      conn.open = true;
      settle(true);
    };
    // A programming error (send checks unreachable first): a bins: peer is never dialled in plain text.
    if (peer.tls && !tls) throw new Error(`${urlOf(peer)} dialled without TLS`);
    const socket: Socket = peer.tls && tls ? tls.connect(peer, localHost, opened) : connect({ host: peer.host, port: peer.port, localAddress: localHost, noDelay: true });
    const conn: Outbound = { socket, open: false, ready, queued: 0 };
    this.outbound.set(key(peer), conn);
    // A TLS peer has the handshake deadline on top of the connect one.
    const timer = setTimeout(() => socket.destroy(), (this.init.connectTimeoutMs ?? 1000) + (peer.tls ? this.limits.tlsHandshakeTimeoutMs : 0));
    if (!peer.tls) socket.once('connect', opened);
    socket.on('error', (err: NodeJS.ErrnoException) => this.init.log.debug(`connection to ${urlOf(peer)}: ${err.code ?? err.message}`));
    socket.once('close', () => {
      clearTimeout(timer);
      const wasOpen = conn.open;
      conn.open = false;
      settle(false);
      if (this.outbound.get(key(peer)) === conn) this.outbound.delete(key(peer));
      if (wasOpen && !this.stopped) this.init.hooks.onConnectionLost?.(peer);
    });
    return conn;
  }

  /**
   * A new inbound connection, within the limits: at most max_connections in
   * all (past it, the oldest connection that never delivered a member's
   * packet makes room, else the new one is refused) and
   * max_connections_per_ip from one address. A connection that delivers no
   * member's packet within unknown_idle_timeout is closed. On a TLS
   * listener the limits apply before the handshake (a stranger's handshakes
   * cost as much as its connections allow), and frames are read only from a
   * peer whose certificate passed.
   */
  private accept(socket: Socket, tlsAt: string | null): void {
    if (this.stopped) return void socket.destroy();
    const ip = plainIp(socket.remoteAddress);
    socket.on('error', () => {});
    const l = this.limits;
    if ((this.perIp.get(ip) ?? 0) >= l.maxConnectionsPerIp) {
      this.limitHit('max_connections_per_ip', ip, `${l.maxConnectionsPerIp} open from this address`);
      return void socket.destroy();
    }
    if (this.inbound.size >= l.maxConnections) {
      const stranger = [...this.inbound].find((c) => !c.known);
      if (!stranger) {
        this.limitHit('max_connections', ip, `${l.maxConnections} open`);
        return void socket.destroy();
      }
      this.limitHit('evicted', stranger.ip, `max_connections ${l.maxConnections} reached: the oldest connection without a member's packet makes room`);
      this.drop(stranger);
      stranger.socket.destroy();
    }
    socket.setNoDelay(true);
    const conn: Inbound = { socket, ip, known: false, idle: undefined };
    conn.idle = setTimeout(() => {
      conn.idle = undefined;
      this.limitHit('unknown_idle', ip, `no packet of a member within ${l.unknownIdleTimeoutMs} ms`);
      socket.destroy();
    }, l.unknownIdleTimeoutMs);
    conn.idle.unref();
    this.inbound.add(conn);
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
    socket.once('close', () => this.drop(conn));
    const read = (s: Socket): void => void attachReader(s, false, this.hooks, this.readerOptions(() => {
      if (conn.known) return;
      conn.known = true;
      clearTimeout(conn.idle);
      conn.idle = undefined;
    }));
    if (tlsAt === null) return read(socket);
    const tls = this.listenerTls.get(tlsAt) ?? this.tls;
    // Never plain BIN on a bins: listener.
    if (tls) tls.accept(socket, ip, read);
    else socket.destroy();
  }

  private drop(conn: Inbound): void {
    if (!this.inbound.delete(conn)) return;
    clearTimeout(conn.idle);
    const n = (this.perIp.get(conn.ip) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(conn.ip);
    else this.perIp.set(conn.ip, n);
  }
}

export type { FrameSource };

/** The production transport: BIN over TCP. */
export const tcpTransport: TransportFactory = (init) => new BinTransport(init);
