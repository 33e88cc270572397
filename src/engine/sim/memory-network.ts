import type { FrameSource } from '../transport/connection.js';
import { addrInUse } from '../transport/errors.js';
import type { Endpoint, Transport, TransportFactory, TransportInit } from '../transport/types.js';
import { prng } from './prng.js';
import type { SimClock } from './sim-clock.js';

/** How one direction of a link between two hosts behaves. */
export interface LinkProfile {
  /** One-way delay of a frame, in ms. */
  latencyMs: number;
  /** The delay varies uniformly by ± this much (frames still arrive in order, as on a TCP connection). */
  jitterMs: number;
  /**
   * Probability that a frame's segment is lost. TCP retransmits it, so the
   * frame (and those behind it on the connection) arrives `rtoMs` later.
   */
  loss: number;
  rtoMs: number;
  /** Bandwidth in bytes per ms (0: unlimited): frames queue behind each other, and bulk senders wait (see `drained`). */
  bytesPerMs: number;
}

export const DEFAULT_LINK: LinkProfile = { latencyMs: 0.05, jitterMs: 0, loss: 0, rtoMs: 200, bytesPerMs: 0 };

/** As the TCP transport: a bulk sender waits while more than this is unsent towards a peer. */
const DRAINED_BYTES = 1 << 20;

const epKey = (e: Endpoint): string => `${e.host}:${e.port}`;
const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * An in-memory network for whole clusters in one process, driven by a
 * simulated clock: frames travel with the latency, jitter and loss of their
 * link; links can be cut and healed, hosts partitioned, processes crashed
 * (peers see the connection reset) or frozen (silence, like SIGSTOP).
 * `network.transport` is a TransportFactory a node takes in place of TCP.
 */
export class MemoryNetwork {
  private readonly listeners = new Map<string, MemoryTransport>();
  private readonly cuts = new Set<string>();
  private readonly frozen = new Set<string>();
  private readonly profiles = new Map<string, LinkProfile>();
  /** Per direction: when the last frame is due, so frames never overtake each other. */
  private readonly lastDue = new Map<string, number>();
  /** Per direction: when the link has sent what it was given (bandwidth). */
  private readonly busyUntil = new Map<string, number>();
  /** Per direction: the frames due at the latest instant scheduled, not yet delivered. */
  private readonly arriving = new Map<string, { due: number; frames: Array<() => void> }>();
  private rand: () => number;
  /** Called with every frame a node writes (counting by kind in tests and benches). */
  tap: ((from: string, to: string, frame: Buffer) => void) | undefined;
  /** Frames and bytes handed to the network (sent, not necessarily delivered). */
  frames = 0;
  bytes = 0;

  constructor(
    readonly clock: SimClock,
    private readonly defaults: LinkProfile = DEFAULT_LINK,
    seed = 1,
  ) {
    this.rand = prng(seed);
  }

  readonly transport: TransportFactory = (init) => new MemoryTransport(this, init);

  /** Sets how frames between two hosts travel (both directions). */
  setLink(a: string, b: string, profile: Partial<LinkProfile>): void {
    this.profiles.set(pairKey(a, b), { ...this.profileOf(a, b), ...profile });
  }

  /** Frames between the two hosts are lost until `heal` (a cut cable: no reset, just silence). */
  cut(a: string, b: string): void {
    this.cuts.add(pairKey(a, b));
  }

  heal(a: string, b: string): void {
    this.cuts.delete(pairKey(a, b));
  }

  /** Cuts every link between hosts of different groups. */
  partition(...groups: string[][]): void {
    for (let i = 0; i < groups.length; i++)
      for (let j = i + 1; j < groups.length; j++) for (const a of groups[i]!) for (const b of groups[j]!) this.cut(a, b);
  }

  healAll(): void {
    this.cuts.clear();
  }

  /** The host's process stops answering (SIGSTOP): frames to and from it are lost, connections stay. */
  freeze(host: string): void {
    this.frozen.add(host);
  }

  thaw(host: string): void {
    this.frozen.delete(host);
  }

  /** The transport listening on `ep` dies (kill -9): it stops at once and its peers' connections are reset. */
  crash(ep: Endpoint): void {
    this.listeners.get(epKey(ep))?.crash();
  }

  /** True when frames can travel between the two hosts now. */
  canReach(a: string, b: string): boolean {
    return !this.cuts.has(pairKey(a, b)) && !this.frozen.has(a) && !this.frozen.has(b);
  }

  listenerAt(ep: Endpoint): MemoryTransport | undefined {
    return this.listeners.get(epKey(ep));
  }

  register(ep: Endpoint, t: MemoryTransport): boolean {
    if (this.listeners.has(epKey(ep))) return false;
    this.listeners.set(epKey(ep), t);
    return true;
  }

  unregister(ep: Endpoint, t: MemoryTransport): void {
    if (this.listeners.get(epKey(ep)) === t) this.listeners.delete(epKey(ep));
  }

  /** Every transport that has an open connection to `ep` is told it was lost. */
  resetConnectionsTo(ep: Endpoint): void {
    for (const t of new Set(this.listeners.values())) t.connectionReset(ep);
  }

  /**
   * A raw frame from a host that runs no node (a stranger, a fuzzer) to the
   * listener at `to`; what the node answers on that connection goes to
   * `onReply`.
   */
  inject(from: string, to: Endpoint, frame: Buffer, onReply: (answer: Buffer) => void = () => {}): void {
    const copy = Buffer.from(frame);
    this.carry(from, to.host, copy.length, () => {
      const source: FrameSource = {
        remoteAddress: from,
        remotePort: 1,
        outbound: false,
        reply: (answer) => {
          const back = Buffer.from(answer);
          this.carry(to.host, from, back.length, () => onReply(back));
          return true;
        },
      };
      this.listenerAt(to)?.receive(copy, source);
    });
  }

  /** Schedules `deliver` for a frame from host `from` to host `to`; false when it is lost for good (cut, frozen). */
  carry(from: string, to: string, size: number, deliver: () => void): void {
    this.frames++;
    this.bytes += size;
    if (!this.canReach(from, to)) return;
    const p = this.profileOf(from, to);
    let delay = p.latencyMs + (p.jitterMs > 0 ? (this.rand() * 2 - 1) * p.jitterMs : 0);
    if (p.loss > 0 && this.rand() < p.loss) delay += p.rtoMs;
    const dir = `${from}>${to}`;
    let sent = this.clock.now();
    if (p.bytesPerMs > 0) {
      sent = Math.max(sent, this.busyUntil.get(dir) ?? 0) + size / p.bytesPerMs;
      this.busyUntil.set(dir, sent);
    }
    const due = Math.max(sent + Math.max(0, delay), this.lastDue.get(dir) ?? 0);
    this.lastDue.set(dir, due);
    // Frames due at the same instant in the same direction arrive together, as one read of a TCP
    // connection hands the receiver several frames: one timer for them all (a flood through a mesh
    // puts thousands of frames in flight at once, each a timer otherwise).
    const open = this.arriving.get(dir);
    if (open && open.due === due) {
      open.frames.push(deliver);
      return;
    }
    const batch = { due, frames: [deliver] };
    this.arriving.set(dir, batch);
    this.clock.setTimeout(() => {
      if (this.arriving.get(dir) === batch) this.arriving.delete(dir);
      // A link cut while the frame travelled loses it too.
      for (const f of batch.frames) if (this.canReach(from, to)) f();
    }, due - this.clock.now());
  }

  /** Bytes the link from `from` to `to` still has to send (bandwidth-limited links only). */
  backlogBytes(from: string, to: string): number {
    const p = this.profileOf(from, to);
    if (p.bytesPerMs <= 0) return 0;
    return Math.max(0, ((this.busyUntil.get(`${from}>${to}`) ?? 0) - this.clock.now()) * p.bytesPerMs);
  }

  /** How long until the link from `from` to `to` has no more than `bytes` left to send (0 when it has not). */
  backlogMs(from: string, to: string, bytes: number): number {
    const p = this.profileOf(from, to);
    if (p.bytesPerMs <= 0) return 0;
    const left = (this.busyUntil.get(`${from}>${to}`) ?? 0) - this.clock.now();
    return Math.max(0, left - bytes / p.bytesPerMs);
  }

  private profileOf(a: string, b: string): LinkProfile {
    return this.profiles.get(pairKey(a, b)) ?? this.defaults;
  }
}

/** One node's transport on a MemoryNetwork. */
export class MemoryTransport implements Transport {
  readonly bound: Endpoint[] = [];
  /** Open outbound connections: peer → the local address they were dialled from. */
  private readonly connected = new Map<string, string>();
  private stopped = true;
  /** Killed: what it wrote but the link had not delivered yet is lost with it. */
  private crashed = false;
  private nextPort = 40000;

  constructor(
    private readonly net: MemoryNetwork,
    private readonly init: TransportInit,
  ) {}

  async start(): Promise<void> {
    for (const ep of this.init.listen) {
      if (!this.net.register(ep, this)) throw addrInUse(`bin:${epKey(ep)}`, undefined);
      this.bound.push(ep);
    }
    this.stopped = false;
  }

  async stop(): Promise<void> {
    this.close(true);
  }

  /** Dies without a clean stop: peers' connections are reset all the same (the kernel does it). */
  crash(): void {
    this.crashed = true;
    this.close(true);
  }

  private close(reset: boolean): void {
    if (this.stopped) return;
    this.stopped = true;
    this.connected.clear();
    for (const ep of this.bound) {
      this.net.unregister(ep, this);
      if (reset) this.net.resetConnectionsTo(ep);
    }
  }

  send(peer: Endpoint, localHost: string, frame: Buffer): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    const k = epKey(peer);
    if (this.connected.has(k)) return Promise.resolve(this.write(peer, localHost, frame));
    return this.dial(peer, localHost).then((ok) => ok && this.write(peer, localHost, frame));
  }

  trySend(peer: Endpoint, frame: Buffer): boolean | undefined {
    if (this.stopped) return false;
    const localHost = this.connected.get(epKey(peer));
    if (localHost === undefined) return undefined;
    return this.write(peer, localHost, frame);
  }

  backlog(peer: Endpoint): number {
    const localHost = this.connected.get(epKey(peer));
    return localHost === undefined ? 0 : this.net.backlogBytes(localHost, peer.host);
  }

  drained(peer: Endpoint): Promise<void> {
    const localHost = this.connected.get(epKey(peer));
    const wait = localHost === undefined ? 0 : this.net.backlogMs(localHost, peer.host, DRAINED_BYTES);
    return wait > 0 ? new Promise((r) => this.net.clock.setTimeout(r, wait)) : Promise.resolve();
  }

  isConnected(peer: Endpoint): boolean {
    return this.connected.has(epKey(peer));
  }

  disconnect(peer: Endpoint): void {
    this.connected.delete(epKey(peer));
  }

  /** The peer at `ep` reset our connection (it crashed or stopped). */
  connectionReset(ep: Endpoint): void {
    if (this.stopped || !this.connected.delete(epKey(ep))) return;
    this.init.hooks.onConnectionLost?.(ep);
  }

  /** A frame arrives on one of our connections. */
  receive(frame: Buffer, from: FrameSource): void {
    if (!this.stopped) this.init.hooks.onFrame(frame, from);
  }

  /** A connection attempt takes a round trip; refused at once by a host with no listener, silent when unreachable. */
  private dial(peer: Endpoint, localHost: string): Promise<boolean> {
    const clock = this.net.clock;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        if (ok && !this.stopped) this.connected.set(epKey(peer), localHost);
        resolve(ok && !this.stopped);
      };
      const timer = clock.setTimeout(() => settle(false), this.init.connectTimeoutMs ?? 1000);
      this.net.carry(localHost, peer.host, 0, () => {
        const ok = this.net.listenerAt(peer) !== undefined;
        this.net.carry(peer.host, localHost, 0, () => {
          clock.clearTimeout(timer);
          settle(ok);
        });
      });
    });
  }

  private write(peer: Endpoint, localHost: string, frame: Buffer): boolean {
    this.net.tap?.(localHost, peer.host, frame);
    const copy = Buffer.from(frame);
    const port = this.nextPort;
    this.net.carry(localHost, peer.host, copy.length, () => {
      const dst = this.net.listenerAt(peer);
      if (!dst || this.crashed) return;
      // The receiver answers on this very connection (UNKNOWN_ID), which reaches our reader.
      const from: FrameSource = {
        remoteAddress: localHost,
        remotePort: port,
        outbound: false,
        reply: (answer) => {
          const back = Buffer.from(answer);
          this.net.carry(peer.host, localHost, back.length, () =>
            this.receive(back, { remoteAddress: peer.host, remotePort: peer.port, outbound: true, reply: () => false }),
          );
          return true;
        },
      };
      dst.receive(copy, from);
    });
    return true;
  }
}
