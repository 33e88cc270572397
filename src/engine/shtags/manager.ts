/**
 * Drives the sharing-tag table: feeds it what the cluster reports
 * (SHTAG_ACTIVE, STATE, node up/down) and performs the effects it returns
 * (sends, reports, events, logs).
 */
import type { SharingTagConfig, SharingTagPolicyConfig } from '../config/index.js';
import type { EventParams } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { ModuleMsg } from '../wire/types.js';
import { ShtagCode, ShtagError } from '../common/shtag-errors.js';
import { decodeStatePayload, shtagActiveFrame, ShtagMsgType, SHTAG_CAP_VERSION, stateFrame, type PeerTagState } from './state-msg.js';
import { ShtagTable } from './table.js';
import type { ShtagEffect, TagView } from './tag.js';
import { eventParams, Reason, reportText, type ShtagState } from './wording.js';

/** What the manager uses from the node (`attach.ts` builds it from the Clusterer). */
export interface ShtagComponents {
  myId: number;
  now(): number;
  log: Logger;
  hasCluster(clusterId: number): boolean;
  remoteNodes(clusterId: number): number[];
  reachable(clusterId: number, nodeId: number): boolean;
  localEnabled(clusterId: number): boolean;
  /** Sends a routable frame; true when handed to the destination or a next hop (SendResult SENT). */
  send(clusterId: number, dstId: number, frame: Buffer): Promise<boolean>;
  /** A line for the `clusterer` / `sharing_tags` status report. */
  report(text: string): void;
  /** Raises E_CLUSTERER_SHARING_TAG_CHANGED. */
  emit(params: EventParams): void;
}

export interface ShtagInit {
  tags?: readonly SharingTagConfig[];
  policies?: readonly SharingTagPolicyConfig[];
}

export class ShtagManager {
  private readonly table: ShtagTable;
  private readonly inflight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly c: ShtagComponents, init: ShtagInit = {}) {
    const env = {
      myId: c.myId,
      now: () => c.now(),
      remoteNodes: (cid: number) => c.remoteNodes(cid),
      reachable: (cid: number, id: number) => c.reachable(cid, id),
      localEnabled: (cid: number) => c.localEnabled(cid),
    };
    this.table = new ShtagTable(env, init);
  }

  /** Call once the clusters exist: tags of clusters the node is not in are purged, as OpenSIPS does. */
  start(): void {
    this.stopped = false;
    this.perform(this.table.purge((cid) => this.c.hasCluster(cid)));
  }

  /** Stops sending; waits for sends under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  list(): TagView[] {
    return this.table.list();
  }

  find(name: string, clusterId: number): TagView | undefined {
    return this.table.find(name, clusterId);
  }

  /** The tag, created as backup if unknown (like `$cluster.sh_tag`). Throws for an unknown cluster. */
  get(name: string, clusterId: number): TagView {
    this.checkCluster(clusterId);
    return this.table.get(name, clusterId);
  }

  isActive(name: string, clusterId: number): boolean {
    return this.get(name, clusterId).state === 'active';
  }

  /** Activates a tag and tells every node of the cluster (SHTAG_ACTIVE). */
  setActive(name: string, clusterId: number, reason: string = Reason.API): TagView {
    return this.setState(name, clusterId, 'active', reason);
  }

  /** `backup` throws ShtagError CL_ERR_SHTAG_BACKUP_NOT_ALLOWED: only another node's activation does that. */
  setState(name: string, clusterId: number, state: ShtagState, reason: string = Reason.API): TagView {
    this.checkCluster(clusterId);
    this.perform(this.table.setState(name, clusterId, state, reason));
    return this.table.get(name, clusterId);
  }

  /** SHTAG_ACTIVE addressed to us. */
  onShtagActive(clusterId: number, tagName: string, srcId: number): void {
    this.perform(this.table.receiveActive(clusterId, tagName, srcId));
  }

  /** A packet of our `cl-shtag` capability; malformed or unknown ones are dropped with a log line. */
  onPeerMessage(clusterId: number, msg: ModuleMsg): void {
    if (msg.version !== SHTAG_CAP_VERSION || msg.type !== ShtagMsgType.STATE) {
      this.c.log.info(`discarding cl-shtag packet type ${msg.type}, ver ${msg.version} from node ${msg.srcId}: need type ${ShtagMsgType.STATE} ver ${SHTAG_CAP_VERSION}`);
      return;
    }
    let entries: PeerTagState[];
    try {
      entries = decodeStatePayload(msg.payload);
    } catch (err) {
      this.c.log.warn(`dropping cl-shtag STATE from node ${msg.srcId}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    this.perform(this.table.receiveState(clusterId, msg.srcId, entries));
  }

  /** NODE UP / NODE DOWN of a remote node (reachability). */
  onReachability(clusterId: number, nodeId: number, up: boolean): void {
    this.perform(up ? this.table.nodeUp(clusterId, nodeId) : this.table.nodeDown(clusterId, nodeId));
  }

  /** Resolves when every send started so far has finished (tests, benchmarks, stop). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private checkCluster(clusterId: number): void {
    if (!this.c.hasCluster(clusterId)) throw new ShtagError(ShtagCode.UNKNOWN_CLUSTER, `cluster ${clusterId} is not defined on this node`);
  }

  private perform(effects: ShtagEffect[]): void {
    for (const e of effects) {
      switch (e.type) {
        case 'changed':
          this.c.report(reportText(e.name, e.clusterId, e.state, e.reason));
          this.c.emit(eventParams(e.name, e.clusterId, e.state, e.reason));
          this.c.log.info(`tag <${e.name}/${e.clusterId}> became ${e.state} due to ${e.reason}`);
          break;
        case 'announce':
          for (const dst of e.nodes) this.announceTo(e, dst);
          break;
        case 'advertise':
          for (const dst of e.nodes) this.track(this.sendState(e.clusterId, dst));
          break;
        case 'log':
          this.c.log[e.level](e.msg);
          break;
      }
    }
  }

  private announceTo(e: Extract<ShtagEffect, { type: 'announce' }>, dst: number): void {
    // Both sends start in this turn, in this order, so a peer reads our STATE before the SHTAG_ACTIVE.
    if (e.withState) this.track(this.sendState(e.clusterId, dst));
    const sent = this.stopped ? Promise.resolve(false) : this.c.send(e.clusterId, dst, shtagActiveFrame(e.clusterId, this.c.myId, dst, e.name));
    this.track(
      sent.then((ok) => {
        if (!ok) this.c.log.debug(`SHTAG_ACTIVE for <${e.name}/${e.clusterId}> not sent to node ${dst}: pending until it comes up`);
        this.table.announced(e.clusterId, e.name, e.epoch, dst, ok);
      }),
    );
  }

  private async sendState(clusterId: number, dst: number): Promise<void> {
    if (this.stopped) return;
    const entries = this.table.stateEntries(clusterId);
    if (entries.length === 0) return;
    let frame: Buffer;
    try {
      frame = stateFrame(clusterId, this.c.myId, dst, entries);
    } catch (err) {
      this.c.log.error(`cannot encode cl-shtag STATE: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    await this.c.send(clusterId, dst, frame);
  }

  private track(p: Promise<void>): void {
    const q = p.catch((err: unknown) => this.c.log.error(`sharing tag send failed: ${err instanceof Error ? err.message : String(err)}`));
    this.inflight.add(q);
    void q.finally(() => this.inflight.delete(q));
  }
}
