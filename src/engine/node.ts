import { systemClock, type Clock } from './clock.js';
import { ClusterApi } from './cluster/api.js';
import { Clusterer, SR_GROUP } from './cluster/clusterer.js';
import { Inbound } from './cluster/inbound.js';
import { reconcile, reloadLine } from './cluster/reconcile.js';
import { CapabilitiesPart } from './capabilities/index.js';
import { defaultCachedbLocal, type NodeConfig } from './config/index.js';
import { coreMethods, type CoreCtx } from './control/core-methods.js';
import { EventStreams } from './control/events-stream.js';
import { metricsRoute, statusPageRoute } from './control/pages.js';
import { capabilityMethods, type CapCtx } from './control/methods/capabilities.js';
import { clustererMethods, type ClusterCtx } from './control/methods/clusterer.js';
import { localRunner, messageMethods, type MessagesCtx } from './control/methods/messages.js';
import { kvMethods, type KvCtx } from './control/methods/kv.js';
import { shtagMethods, type ShtagCtx } from './control/methods/shtags.js';
import { statusMethods, type StatusCtx } from './control/methods/status.js';
import { RecentEvents } from './control/recent-events.js';
import { MethodRegistry } from './control/registry.js';
import { ControlServer } from './control/server.js';
import { EventBus } from './events/bus.js';
import { EventHandlers } from './events/handlers.js';
import { KvStore } from './kv/index.js';
import { KvReplication } from './kv/replication.js';
import type { Logger } from './log.js';
import { MessagingPart } from './messages/index.js';
import { startParts, stopParts, type Part } from './part.js';
import { nodeInfoSource, type NodeInfoSource } from './provisioning/source.js';
import { ShtagsPart, type ShtagManager } from './shtags/index.js';
import { ProcessStats } from './stats/process.js';
import { StatsRegistry } from './stats/registry.js';
import { StatusRegistry } from './status/registry.js';
import { tcpTransport } from './transport/transport.js';
import type { Endpoint, Transport, TransportFactory } from './transport/types.js';
import { VERSION } from './version.js';

export type NodeCtx = CoreCtx & ClusterCtx & ShtagCtx & MessagesCtx & CapCtx & KvCtx & StatusCtx;

export interface NodeInit {
  config: NodeConfig;
  /** Re-reads the configuration for `clusterer_reload` (db_mode 0). */
  reloadConfig?: () => Promise<NodeConfig>;
  log: Logger;
  /** Time and timers of the node (default: the system clock). */
  clock?: Clock;
  /** Only the current time (a clock with the system's timers); `clock` wins. */
  now?: () => number;
  /** How the node reaches its peers (default: BIN over TCP). */
  transport?: TransportFactory;
  /** Serve the control socket and mi_http (default true; a simulated node has none). */
  control?: boolean;
  /** Remember learned peers in the state file (default true in db_mode 0). */
  rememberPeers?: boolean;
}

/**
 * The composition root: builds a node's parts from its configuration and
 * starts them in the order of `parts` (stopped in reverse). Protocol work
 * lives in the parts; this file only wires them together.
 */
export class ClusterNode {
  readonly config: NodeConfig;
  readonly log: Logger;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly status: StatusRegistry;
  readonly stats = new StatsRegistry();
  readonly methods = new MethodRegistry<NodeCtx>();
  readonly transport: Transport;
  readonly cluster: Clusterer;
  readonly inbound: Inbound;
  /** The library API (node list, sending, state changes). */
  readonly api: ClusterApi;
  readonly shtags: ShtagManager;
  readonly messaging: MessagingPart;
  /** The capabilities layer: register capabilities, their sync states, key ownership. */
  readonly capabilities: CapabilitiesPart;
  /** The key-value store (`cachedb_local`); replication plugs in through its onChange/applyRemote/snapshot. */
  readonly kv: KvStore;
  /** The store's replication: capability `cachedb-local-repl`. */
  readonly kvReplication: KvReplication;
  readonly eventHandlers: EventHandlers;
  readonly eventStreams: EventStreams;
  readonly control: ControlServer<NodeCtx> | undefined;
  readonly provisioning: NodeInfoSource;
  /** In start order; stopped in reverse. */
  readonly parts: readonly Part[];
  private startedAt = 0;
  /** The last events, for `cl_status`. */
  readonly recentEvents: RecentEvents;
  private readonly reloadConfig: (() => Promise<NodeConfig>) | undefined;

  constructor(init: NodeInit) {
    this.reloadConfig = init.reloadConfig;
    const config = (this.config = init.config);
    const log = (this.log = init.log);
    const clock = (this.clock = init.clock ?? (init.now ? { ...systemClock, now: init.now } : systemClock));
    const now = (): number => clock.now();
    this.events = new EventBus(now);
    this.status = new StatusRegistry(now);
    const listen: Endpoint[] = config.socket.map((u) => ({ host: u.host, port: u.port, ...(u.proto === 'bins' ? { tls: true } : {}) }));
    this.provisioning = nodeInfoSource({ config, listen, log: log.child('db'), ...(init.reloadConfig ? { reloadConfig: init.reloadConfig } : {}) });

    let inbound: Inbound | undefined;
    const limits = config.limits;
    this.transport = (init.transport ?? tcpTransport)({
      listen,
      log: log.child('bin'),
      limits,
      stats: this.stats,
      tls: config.tls,
      hooks: {
        onFrame: (frame, from) => inbound?.hooks.onFrame(frame, from),
        onStreamError: (err, from) => inbound?.hooks.onStreamError(err, from),
        onConnectionLost: (peer) => inbound?.hooks.onConnectionLost?.(peer),
      },
    });
    const components = { transport: this.transport, events: this.events, status: this.status, stats: this.stats, clock, log: log.child('clusterer') };
    this.cluster = new Clusterer(components, {
      myId: config.myNodeId,
      dbMode: config.dbMode,
      enableRerouting: config.enableRerouting,
      timers: config.timers,
      enableStats: config.enableStats,
      peersFile: init.rememberPeers === false ? undefined : (config.stateFile ?? `${config.controlSocket}.peers.json`),
      admission: (cid) => ({ policy: config.joinPolicy.byCluster.get(cid) ?? config.joinPolicy.default, maxNodes: limits.maxNodesPerCluster }),
      wireMaxNodes: limits.wireMaxNodes,
      lsBatchMs: config.lsBatchInterval,
    });
    this.inbound = inbound = new Inbound(this.cluster, this.stats);
    this.api = new ClusterApi(this.cluster);
    this.status.identifier(SR_GROUP, 'sharing_tags', 1);
    const cluster = this.cluster;

    const kvConfig = config.cachedbLocal ?? defaultCachedbLocal(config.clusters);
    this.kv = new KvStore({ clock, log: log.child('kv') }, { collections: kvConfig.collections, cleanPeriodSec: kvConfig.cleanPeriod, tombstoneSec: kvConfig.tombstoneLifetime });
    this.recentEvents = new RecentEvents(this.events);
    this.methods.register(...coreMethods, ...clustererMethods, ...shtagMethods, ...messageMethods, ...capabilityMethods, ...kvMethods, ...statusMethods);
    const ctx = this.context();
    const parts = { cluster, api: this.api, events: this.events, status: this.status, clock };
    this.messaging = new MessagingPart({ ...parts, log: log.child('msg') }, { software: `cl ${VERSION}`, runLocal: localRunner(this.methods, () => ctx) });
    this.capabilities = new CapabilitiesPart(
      { cluster, status: this.status, stats: this.stats, clock, log: log.child('cap') },
      {
        seedFallbackMs: config.timers.seedFallbackIntervalMs,
        syncTimeoutMs: config.timers.syncTimeoutMs,
        syncPacketSize: config.syncPacketSize,
        isClPeer: (cid, id) => this.messaging.peers.isCl(cid, id),
      },
    );
    this.stats.gauge('kv', 'kv_entries', () => this.kv.size());
    this.stats.gauge('kv', 'kv_tombstones', () => this.kv.removedSize());
    this.stats.gauge('kv', 'kv_bytes', () => this.kv.bytesHeld());
    // The real process's event loop, so real timers even on a simulated clock.
    const processStats = new ProcessStats({ stats: this.stats, clock: systemClock });
    this.kvReplication = new KvReplication(
      { store: this.kv, capabilities: this.capabilities, cluster, clock, log: log.child('kv') },
      { clusterId: kvConfig.clusterId, syncAtStart: kvConfig.clusterPersistency === 'sync-from-cluster', resyncOnHeal: kvConfig.resyncOnHeal },
    );
    const shtags = new ShtagsPart({ ...parts, log: log.child('shtags') }, { tags: config.sharingTags, policies: config.sharingTagPolicies });
    this.shtags = shtags.manager;
    this.eventHandlers = new EventHandlers({
      handlers: config.eventHandlers ?? [],
      events: this.events,
      log: log.child('events'),
      sendReply: (cid, dst, msg, tag) => this.messaging.messenger.sendRpl(cid, dst, msg, tag),
    });
    this.eventStreams = new EventStreams(this.events, log.child('events'));
    const control = (this.control =
      init.control === false
        ? undefined
        : new ControlServer({ registry: this.methods, routes: [this.eventStreams, metricsRoute(ctx), statusPageRoute()], ctx, log: log.child('mi'), socketPath: config.controlSocket, maxBodyBytes: limits.miMaxBody, stats: this.stats, ...(config.miHttp ? { http: config.miHttp, httpToken: config.miHttpToken } : {}) }));

    // Started in this order, stopped in reverse. A new part is built above and listed here.
    this.parts = [
      this.provisioning,
      { name: 'transport', start: () => this.transport.start(), stop: () => this.transport.stop() },
      ...(control ? [{ name: 'control', start: () => control.start(), stop: () => control.stop() }] : []),
      { name: 'cluster', start: () => (reconcile(cluster, this.provisioning.current()), cluster.start()), stop: () => cluster.stop() },
      this.capabilities,
      this.eventHandlers,
      shtags,
      this.messaging,
      this.kv,
      this.kvReplication,
      processStats,
    ];
  }

  /** The context of the MI methods, built once. */
  private context(): NodeCtx {
    const node = this;
    const source = this.provisioning;
    const reload = source.reload;
    return {
      version: VERSION,
      get startedAt() {
        return node.startedAt;
      },
      now: () => this.clock.now(),
      methods: this.methods,
      recentEvents: this.recentEvents,
      controlSocket: this.config.controlSocket,
      status: this.status,
      stats: this.stats,
      cluster: this.cluster,
      api: this.api,
      get shtags() {
        return node.shtags;
      },
      get messaging() {
        return node.messaging;
      },
      get caps() {
        return node.capabilities.layer;
      },
      kv: this.kv,
      kvConfirmed: (p) => node.kvReplication.putConfirmed(p),
      // clusterer_reload: the node infos (a source that can re-read them), then the TLS files.
      ...(reload || this.config.tls
        ? {
            reload: async () => {
              if (reload) this.log.child('clusterer').info(reloadLine(reconcile(this.cluster, await reload())));
              await this.reloadTls();
            },
          }
        : {}),
      ...(source.persistState ? { persistState: source.persistState } : {}),
    };
  }

  /**
   * Reads the TLS certificate, key and CA list again (SIGHUP, clusterer_reload),
   * from the `tls` section of the re-read configuration when the node can
   * re-read it. New connections use them; healthy links are kept. Throws a
   * ConfigError naming a bad file (the files in use stay).
   */
  async reloadTls(): Promise<void> {
    if (!this.transport.reloadTls) return;
    try {
      const settings = this.reloadConfig ? (await this.reloadConfig()).tls : this.config.tls;
      const r = this.transport.reloadTls(settings);
      if (r) this.log.child('bin').notice(`TLS certificate ${r.certificate} (${r.subject}, valid until ${r.notAfter.toISOString()}) and ${r.caCount} CA certificate(s) loaded; new connections use them`);
    } catch (err) {
      this.log.child('bin').error(`TLS reload failed, the certificates in use are kept: ${err instanceof Error ? err.message.replace(/\n/g, '; ') : String(err)}`);
      throw err;
    }
  }

  async start(): Promise<void> {
    this.startedAt = this.clock.now();
    await startParts(this.parts, this.log);
    const bins = this.transport.bound.map((b) => `${b.tls ? 'bins' : 'bin'}:${b.host}:${b.port}`).join(', ');
    this.log.notice(`node ${this.config.myNodeId} up: BIN ${bins}; control ${this.control ? this.config.controlSocket : 'none'}`);
  }

  async stop(): Promise<void> {
    await stopParts(this.parts, this.log);
    this.log.notice(`node ${this.config.myNodeId} stopped`);
  }
}
