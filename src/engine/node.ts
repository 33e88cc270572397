import type { NodeConfig } from './config/index.js';
import { coreMethods, type CoreCtx } from './control/core-methods.js';
import { MethodRegistry } from './control/registry.js';
import { ControlServer } from './control/server.js';
import { EventBus } from './events/bus.js';
import type { Logger } from './log.js';
import { StatsRegistry } from './stats/registry.js';
import { StatusRegistry } from './status/registry.js';
import { BinTransport, type FrameSource } from './transport/transport.js';
import { VERSION } from './version.js';
import { decodeMessage, isWireError, type WireError } from './wire/index.js';
import type { ClusterMsg } from './wire/types.js';

export interface NodeInit {
  config: NodeConfig;
  log: Logger;
  /** Injected clock (ms since the epoch). */
  now?: () => number;
}

/**
 * The composition root: builds a node's parts from its configuration and
 * starts/stops them in order (BIN transport, then the control surface).
 */
export class ClusterNode {
  readonly config: NodeConfig;
  readonly log: Logger;
  readonly now: () => number;
  readonly events: EventBus;
  readonly status: StatusRegistry;
  readonly stats: StatsRegistry;
  readonly methods = new MethodRegistry<CoreCtx>();
  readonly transport: BinTransport;
  readonly control: ControlServer<CoreCtx>;
  private startedAt = 0;
  private readonly countDropped: (by?: number) => void;
  private readonly countReceived: (by?: number) => void;

  constructor(init: NodeInit) {
    this.config = init.config;
    this.log = init.log;
    this.now = init.now ?? Date.now;
    this.events = new EventBus(this.now);
    this.status = new StatusRegistry(this.now);
    this.stats = new StatsRegistry();
    this.countReceived = this.stats.counter('bin', 'bin_packets_received');
    this.countDropped = this.stats.counter('bin', 'bin_packets_dropped');
    this.methods.register(...coreMethods);
    const wireLog = this.log.child('bin');
    this.transport = new BinTransport({
      listen: this.config.socket.map((u) => ({ host: u.host, port: u.port })),
      log: wireLog,
      hooks: {
        onFrame: (frame, from) => this.onFrame(frame, from),
        onStreamError: (err, from) => this.onStreamError(err, from),
      },
    });
    const ctx: CoreCtx = {
      version: VERSION,
      get startedAt() {
        return self.startedAt;
      },
      now: this.now,
      methods: this.methods,
      status: this.status,
      stats: this.stats,
    };
    const self = this;
    this.control = new ControlServer({
      registry: this.methods,
      ctx,
      log: this.log.child('mi'),
      socketPath: this.config.controlSocket,
      ...(this.config.miHttp ? { http: this.config.miHttp } : {}),
    });
  }

  async start(): Promise<void> {
    this.startedAt = this.now();
    await this.transport.start();
    try {
      await this.control.start();
    } catch (err) {
      await this.transport.stop();
      throw err;
    }
    const bins = this.transport.bound.map((b) => `bin:${b.host}:${b.port}`).join(', ');
    this.log.notice(`node ${this.config.myNodeId} up: BIN ${bins}; control ${this.config.controlSocket}`);
  }

  async stop(): Promise<void> {
    await this.control.stop();
    await this.transport.stop();
    this.log.notice(`node ${this.config.myNodeId} stopped`);
  }

  /** Every frame from the network passes here; nothing in it can crash the node. */
  private onFrame(frame: Buffer, from: FrameSource): void {
    let msg: ClusterMsg;
    try {
      msg = decodeMessage(frame);
    } catch (err) {
      this.countDropped();
      if (isWireError(err)) this.log.warn(`dropping packet from ${from.remoteAddress}:${from.remotePort}: ${err.message}`);
      else this.log.error(`dropping packet from ${from.remoteAddress}: unexpected ${String(err)}`);
      return;
    }
    this.countReceived();
    this.dispatch(msg, from);
  }

  private onStreamError(err: WireError, from: FrameSource): void {
    this.countDropped();
    this.log.warn(`closing BIN connection with ${from.remoteAddress}:${from.remotePort}: ${err.message}`);
  }

  /** Hands a decoded message to the layer that owns its kind. */
  protected dispatch(msg: ClusterMsg, from: FrameSource): void {
    this.log.debug(`received ${msg.kind} from ${from.remoteAddress}`);
  }
}
