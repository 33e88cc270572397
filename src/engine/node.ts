import { ClusterApi } from './cluster/api.js';
import { Clusterer, SR_GROUP } from './cluster/clusterer.js';
import { Receiver } from './cluster/receive.js';
import type { NodeConfig } from './config/index.js';
import { coreMethods, type CoreCtx } from './control/core-methods.js';
import { clustererMethods, type ClusterCtx } from './control/methods/clusterer.js';
import { MethodRegistry } from './control/registry.js';
import { ControlServer } from './control/server.js';
import { registerRoutedHandlers } from './node/routed-handlers.js';
import { reloadNodeInfo } from './node/reload.js';
import { EventBus } from './events/bus.js';
import type { Logger } from './log.js';
import { StatsRegistry } from './stats/registry.js';
import { StatusRegistry } from './status/registry.js';
import { BinTransport, type FrameSource } from './transport/transport.js';
import { VERSION } from './version.js';
import { decodeMessage, isWireError, type WireError } from './wire/index.js';
import type { ClusterMsg } from './wire/types.js';

export type NodeCtx = CoreCtx & ClusterCtx;

export interface NodeInit {
  config: NodeConfig;
  /** Re-reads the provisioning for `clusterer_reload` (db_mode 0: the config file). */
  reloadConfig?: () => Promise<NodeConfig>;
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
  readonly methods = new MethodRegistry<NodeCtx>();
  readonly transport: BinTransport;
  readonly control: ControlServer<NodeCtx>;
  readonly cluster: Clusterer;
  readonly receiver: Receiver;
  /** The library API (node list, sending, state changes). */
  readonly api: ClusterApi;
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
    this.methods.register(...coreMethods, ...clustererMethods);
    const wireLog = this.log.child('bin');
    this.transport = new BinTransport({
      listen: this.config.socket.map((u) => ({ host: u.host, port: u.port })),
      log: wireLog,
      hooks: {
        onFrame: (frame, from) => this.onFrame(frame, from),
        onStreamError: (err, from) => this.onStreamError(err, from),
        onConnectionLost: (peer) => this.cluster.onConnectionLost(peer),
      },
    });
    this.cluster = new Clusterer({
      config: this.config,
      log: this.log.child('clusterer'),
      transport: this.transport,
      events: this.events,
      status: this.status,
      stats: this.stats,
      now: this.now,
    });
    this.status.identifier(SR_GROUP, 'sharing_tags', 1);
    this.receiver = new Receiver(this.cluster);
    this.api = new ClusterApi(this.cluster);
    registerRoutedHandlers(this);
    const reloadConfig = init.reloadConfig;
    const ctx: NodeCtx = {
      version: VERSION,
      get startedAt() {
        return self.startedAt;
      },
      now: this.now,
      methods: this.methods,
      status: this.status,
      stats: this.stats,
      cluster: this.cluster,
      api: this.api,
      ...(reloadConfig ? { reload: async () => reloadNodeInfo(this.cluster, await reloadConfig()) } : {}),
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
    await this.cluster.start();
    const bins = this.transport.bound.map((b) => `bin:${b.host}:${b.port}`).join(', ');
    this.log.notice(`node ${this.config.myNodeId} up: BIN ${bins}; control ${this.config.controlSocket}`);
  }

  async stop(): Promise<void> {
    await this.cluster.stop();
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
    try {
      this.receiver.receive(msg, frame, from);
    } catch (err) {
      this.log.error(`error handling ${msg.kind} from ${from.remoteAddress}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  private onStreamError(err: WireError, from: FrameSource): void {
    this.countDropped();
    this.log.warn(`closing BIN connection with ${from.remoteAddress}:${from.remotePort}: ${err.message}`);
  }
}
