import { ClusterApi } from './cluster/api.js';
import { Clusterer, SR_GROUP } from './cluster/clusterer.js';
import { Receiver } from './cluster/receive.js';
import type { NodeConfig } from './config/index.js';
import { coreMethods, type CoreCtx } from './control/core-methods.js';
import { clustererMethods, type ClusterCtx } from './control/methods/clusterer.js';
import { shtagMethods, type ShtagCtx } from './control/methods/shtags.js'; // sharing tags
import { MethodRegistry } from './control/registry.js';
import { ControlServer } from './control/server.js';
import { localRunner, messageMethods, type MessagesCtx } from './control/methods/messages.js'; // messaging
import { EventStreams } from './control/events-stream.js'; // event stream
import { EventHandlers } from './events/handlers.js'; // event handlers
import { attachMessaging, type Messaging } from './messages/index.js'; // messaging
import { registerRoutedHandlers } from './node/routed-handlers.js';
import { reloadNodeInfo } from './node/reload.js';
import { EventBus } from './events/bus.js';
import { applyProvisioning } from './provisioning/apply.js';
import { DbProvisioner, listenersFor } from './provisioning/provisioner.js';
import type { Logger } from './log.js';
import { StatsRegistry } from './stats/registry.js';
import { StatusRegistry } from './status/registry.js';
import { BinTransport, type Endpoint, type FrameSource } from './transport/transport.js';
import { attachShtags, type ShtagManager } from './shtags/index.js'; // sharing tags
import { VERSION } from './version.js';
import { decodeMessage, isWireError, type WireError } from './wire/index.js';
import type { ClusterMsg } from './wire/types.js';

export type NodeCtx = CoreCtx & ClusterCtx & ShtagCtx & MessagesCtx;

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
  /** Sharing tags (shtags/): OpenSIPS behaviour plus optional arbitration policies. */
  readonly shtags: ShtagManager;
  /** Messaging (messages/): cluster_send_req & co., remote MI, cl peers. */
  readonly messaging: Messaging;
  /** `event_handlers` of the configuration (exec/webhook). */
  readonly eventHandlers: EventHandlers;
  /** `POST /events` subscriptions on the control socket. */
  readonly eventStreams: EventStreams;
  private startedAt = 0;
  /** BIN listeners; in db_mode 1 filled at start from the local node's rows. */
  private readonly listen: Endpoint[];
  /** db_mode 1 only: the clusterer table. */
  readonly provisioner: DbProvisioner | undefined;
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
    this.methods.register(...coreMethods, ...clustererMethods, ...shtagMethods);
    const wireLog = this.log.child('bin');
    this.listen = this.config.socket.map((u) => ({ host: u.host, port: u.port }));
    this.provisioner = this.config.dbMode === 1 ? new DbProvisioner({ config: this.config, log: this.log.child('db') }) : undefined;
    this.transport = new BinTransport({
      listen: this.listen,
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
    // --- messaging: GENERIC_MSG, remote MI (MI_CMD + cl-mi), cl-hello; event handlers and stream ---
    this.methods.register(...messageMethods);
    this.messaging = attachMessaging({
      cluster: this.cluster,
      receiver: this.receiver,
      api: this.api,
      events: this.events,
      log: this.log.child('msg'),
      runLocal: localRunner(this.methods, () => ctx),
      software: `cl ${VERSION}`,
    });
    this.eventHandlers = new EventHandlers({
      handlers: this.config.eventHandlers ?? [],
      events: this.events,
      log: this.log.child('events'),
      sendReply: (cid, dst, msg, tag) => this.messaging.messenger.sendRpl(cid, dst, msg, tag),
    });
    this.eventStreams = new EventStreams(this.events, this.log.child('events'));
    // --- end messaging ---
    // --- sharing tags: manager, SHTAG_ACTIVE/cl-shtag handlers, NODE UP/DOWN hook ---
    this.shtags = attachShtags({ config: this.config, cluster: this.cluster, receiver: this.receiver, events: this.events, status: this.status, log: this.log.child('shtags') });
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
      shtags: this.shtags, // sharing tags
      messaging: this.messaging, // messaging
      ...(reloadConfig ? { reload: async () => reloadNodeInfo(this.cluster, await reloadConfig()) } : {}),
      // --- db_mode 1: reload re-reads the clusterer table; persistent_mode stores set_status ---
      ...(this.provisioner ? { reload: async () => void applyProvisioning(this.cluster, await this.provisioner!.load()) } : {}),
      ...(this.provisioner && this.config.persistentMode
        ? { persistState: (cid: number, nid: number | undefined, enabled: boolean) => this.provisioner!.saveState(cid, nid, enabled) }
        : {}),
    };
    const self = this;
    this.control = new ControlServer({
      registry: this.methods,
      routes: [this.eventStreams], // event stream
      ctx,
      log: this.log.child('mi'),
      socketPath: this.config.controlSocket,
      ...(this.config.miHttp ? { http: this.config.miHttp } : {}),
    });
  }

  async start(): Promise<void> {
    this.startedAt = this.now();
    // db_mode 1: the table says which clusters and nodes exist and where to listen (throws CL_ERR_DB).
    const prov = this.provisioner ? await this.provisioner.load() : undefined;
    if (prov) this.listen.splice(0, this.listen.length, ...listenersFor(this.config.socket, prov.myNodeInfo));
    await this.transport.start();
    try {
      await this.control.start();
    } catch (err) {
      await this.transport.stop();
      throw err;
    }
    await this.cluster.start(prov);
    this.eventHandlers.start(); // event handlers
    this.shtags.start(); // sharing tags: purge tags of clusters we are not in
    const bins = this.transport.bound.map((b) => `bin:${b.host}:${b.port}`).join(', ');
    this.log.notice(`node ${this.config.myNodeId} up: BIN ${bins}; control ${this.config.controlSocket}`);
  }

  async stop(): Promise<void> {
    this.eventHandlers.stop(); // event handlers: kill running commands, abort webhooks
    this.messaging.stop(); // messaging: end pending waits
    await this.shtags.stop(); // sharing tags
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
