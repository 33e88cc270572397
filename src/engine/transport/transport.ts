import { createServer, connect, type Server, type Socket } from 'node:net';
import { MAX_PACKET } from '../wire/constants.js';
import { attachReader, type FrameSource } from './connection.js';
import { TransportError, addrInUse } from './errors.js';
import type { Endpoint, Transport, TransportFactory, TransportHooks, TransportInit } from './types.js';

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
    k = `${e.host}:${e.port}`;
    keys.set(e, k);
  }
  return k;
};

/** BIN over TCP (see Transport). */
export class BinTransport implements Transport {
  private readonly servers: Server[] = [];
  private readonly inbound = new Set<Socket>();
  private readonly outbound = new Map<string, Outbound>();
  private stopped = false;
  readonly bound: Endpoint[] = [];
  private readonly hooks: TransportHooks;

  constructor(private readonly init: TransportInit) {
    this.hooks = init.hooks;
  }

  async start(): Promise<void> {
    for (const ep of this.init.listen) {
      const srv = createServer((s) => this.accept(s));
      await new Promise<void>((resolve, reject) => {
        srv.once('error', (err: NodeJS.ErrnoException) =>
          reject(
            err.code === 'EADDRINUSE'
              ? addrInUse(`bin:${key(ep)}`, err)
              : new TransportError('CL_ERR_LISTEN', `cannot listen on bin:${key(ep)}: ${err.code ?? err.message}`, { cause: err }),
          ),
        );
        srv.listen({ host: ep.host, port: ep.port, exclusive: true }, () => resolve());
      });
      srv.on('error', (err) => this.init.log.error(`BIN listener error: ${err.message}`));
      const addr = srv.address();
      if (addr && typeof addr === 'object') this.bound.push({ host: addr.address, port: addr.port });
      this.servers.push(srv);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const o of this.outbound.values()) close(o);
    this.outbound.clear();
    for (const s of this.inbound) s.destroy();
    this.inbound.clear();
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    this.servers.length = 0;
  }

  send(peer: Endpoint, localHost: string, frame: Buffer): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    const conn = this.outbound.get(key(peer)) ?? this.dial(peer, localHost);
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
    if (conn.socket.writableLength + conn.queued > (this.init.maxBacklogBytes ?? 16 << 20)) return false;
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
    return true;
  }

  private dial(peer: Endpoint, localHost: string): Outbound {
    const socket = connect({ host: peer.host, port: peer.port, localAddress: localHost, noDelay: true });
    let settle: (ok: boolean) => void = () => {};
    const conn: Outbound = { socket, open: false, ready: new Promise<boolean>((r) => (settle = r)), queued: 0 };
    this.outbound.set(key(peer), conn);
    const timer = setTimeout(() => socket.destroy(), this.init.connectTimeoutMs ?? 1000);
    attachReader(socket, true, this.hooks, MAX_PACKET);
    socket.once('connect', () => {
      clearTimeout(timer);
      conn.open = true;
      settle(true);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => this.init.log.debug(`connection to ${key(peer)}: ${err.code ?? err.message}`));
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

  private accept(socket: Socket): void {
    if (this.stopped) return void socket.destroy();
    socket.setNoDelay(true);
    this.inbound.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => this.inbound.delete(socket));
    attachReader(socket, false, this.hooks, MAX_PACKET);
  }
}

export type { FrameSource };

/** The production transport: BIN over TCP. */
export const tcpTransport: TransportFactory = (init) => new BinTransport(init);
