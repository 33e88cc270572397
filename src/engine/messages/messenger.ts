import type { ClusterApi } from '../cluster/api.js';
import { scriptCode, type SendResult } from '../cluster/send-result.js';
import type { EventBus } from '../events/bus.js';
import { REQ_RECEIVED, RPL_RECEIVED } from '../events/names.js';
import type { Logger } from '../log.js';
import type { ClusterView } from '../topology/index.js';
import { encodeGenericMsg } from './generic-frame.js';
import { ReplyWaiters, type Reply } from './replies.js';
import { newTag } from './tag.js';
import type { Clock } from '../clock.js';

/** Script-level return codes of the seed: 1 sent, -1 local node disabled, -2 unreachable, -3 error. */
export type ScriptCode = 1 | -1 | -2 | -3;

export const CODE_TEXT: Readonly<Record<ScriptCode, string>> = { 1: 'sent', [-1]: 'local node disabled', [-2]: 'destination unreachable', [-3]: 'send error' };

export interface SendOutcome {
  code: ScriptCode;
  /** The communication tag of the request (replies carry it back). */
  tag: string;
}

export interface BroadcastOutcome extends SendOutcome {
  /** Remote nodes a copy went out to (directly or through a next hop). */
  sentTo: number[];
  /** True when the event was also raised locally (include_self). */
  self: boolean;
}

export interface MessengerInit {
  api: ClusterApi;
  cluster: {
    myId: number;
    view(clusterId: number): ClusterView | undefined;
    /** Synchronous send over an open direct link (Clusterer.routeNow); undefined = use the API's async path. */
    routeNow?(view: ClusterView, dstId: number, frame: Buffer): SendResult | undefined;
  };
  events: EventBus;
  log: Logger;
  clock?: Clock;
}

/**
 * `cluster_send_req`, `cluster_send_rpl` and `cluster_broadcast_req`
 * (GENERIC_MSG, reference §3.9), routed through intermediate nodes when there
 * is no direct link, plus waiting for the replies that carry a request's tag.
 */
export class Messenger {
  readonly waiters: ReplyWaiters;
  private readonly unsubscribe: () => void;

  constructor(private readonly init: MessengerInit) {
    this.waiters = new ReplyWaiters(init.clock);
    this.unsubscribe = init.events.subscribe([RPL_RECEIVED], (ev) => {
      this.waiters.deliver(String(ev.params.tag), Number(ev.params.src_id), String(ev.params.msg));
    });
  }

  private get myId(): number {
    return this.init.cluster.myId;
  }

  /** Sends a request; resolves with the script code and the new tag. */
  sendReq(clusterId: number, dstId: number, msg: string): Promise<SendOutcome> {
    const tag = newTag(clusterId, this.myId);
    // Not an async function: most sends complete synchronously, and the
    // async machinery was the largest single cost of a request.
    try {
      const code = this.send(clusterId, dstId, 1, tag, msg);
      return typeof code === 'number' ? Promise.resolve({ code, tag }) : code.then((c) => ({ code: c, tag }));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Sends a reply carrying the request's `tag` (an empty tag is refused, as OpenSIPS does). */
  async sendRpl(clusterId: number, dstId: number, msg: string, tag: string): Promise<ScriptCode> {
    if (tag === '') {
      this.init.log.error('cluster_send_rpl: empty tag, reply not sent');
      return -3;
    }
    return this.send(clusterId, dstId, 0, tag, msg);
  }

  /** Sends a request to every enabled remote node (and raises it locally with `includeSelf`). */
  async broadcastReq(clusterId: number, msg: string, includeSelf = false): Promise<BroadcastOutcome> {
    return this.broadcastWithTag(clusterId, msg, includeSelf, newTag(clusterId, this.myId));
  }

  /** Sends a request and waits up to `waitMs` for the reply with its tag. */
  async request(clusterId: number, dstId: number, msg: string, waitMs: number): Promise<SendOutcome & { reply: Reply | undefined }> {
    const tag = newTag(clusterId, this.myId);
    const wait = this.waiters.collect(tag, waitMs);
    const code = await this.send(clusterId, dstId, 1, tag, msg);
    if (code !== 1) wait.finish();
    else wait.expect([dstId]);
    const replies = await wait.done;
    return { code, tag, reply: replies[0] };
  }

  /** Broadcasts a request and collects every reply that arrives within `waitMs` (ends early once all answered). */
  async broadcast(clusterId: number, msg: string, includeSelf: boolean, waitMs: number): Promise<BroadcastOutcome & { replies: Reply[] }> {
    const tag = newTag(clusterId, this.myId);
    const wait = this.waiters.collect(tag, waitMs);
    const out = await this.broadcastWithTag(clusterId, msg, includeSelf, tag);
    if (out.code !== 1 && !out.self) wait.finish();
    else wait.expect(out.self ? [...out.sentTo, this.myId] : out.sentTo);
    return { ...out, replies: await wait.done };
  }

  private async broadcastWithTag(clusterId: number, msg: string, includeSelf: boolean, tag: string): Promise<BroadcastOutcome> {
    const view = this.init.cluster.view(clusterId);
    if (!view) return { code: -3, tag, sentTo: [], self: false };
    if (!view.local.enabled) return { code: -1, tag, sentTo: [], self: false };
    const targets = this.init.api.getNodes(clusterId).filter((n) => n.enabled).map((n) => n.nodeId);
    const codes = await Promise.all(targets.map((id) => this.send(clusterId, id, 1, tag, msg)));
    if (includeSelf) this.raiseLocally(clusterId, 1, tag, msg);
    const sentTo = targets.filter((_, i) => codes[i] === 1);
    const code: ScriptCode = targets.length === 0 || sentTo.length > 0 ? 1 : codes.every((c) => c === -2) ? -2 : -3;
    return { code, tag, sentTo, self: includeSelf };
  }

  /** Stops waiting (node stopping); pending waits resolve with what arrived. */
  stop(): void {
    this.waiters.finishAll();
  }

  /** Detaches from the event bus (the node is being discarded). */
  close(): void {
    this.stop();
    this.unsubscribe();
  }

  private send(clusterId: number, dstId: number, reqLike: 0 | 1, tag: string, msg: string): Promise<ScriptCode> | ScriptCode {
    const view = this.init.cluster.view(clusterId);
    if (!view) return -3;
    if (!view.local.enabled) return -1;
    if (dstId === this.myId) {
      // 3.6+: a message to one's own id raises the event locally; no packet is sent.
      this.raiseLocally(clusterId, reqLike, tag, msg);
      return 1;
    }
    let frame: Buffer;
    try {
      frame = encodeGenericMsg({ reqLike, tag, msg, clusterId, srcId: this.myId, dstId });
    } catch (err) {
      this.init.log.error(`cannot send ${reqLike ? 'request' : 'reply'} to node ${dstId}: ${err instanceof Error ? err.message : String(err)}`);
      return -3;
    }
    const now = this.init.cluster.routeNow?.(view, dstId, frame);
    if (now !== undefined) return scriptCode(now) as ScriptCode;
    return this.init.api.sendTo(clusterId, dstId, frame).then((r) => scriptCode(r) as ScriptCode);
  }

  private raiseLocally(clusterId: number, reqLike: 0 | 1, tag: string, msg: string): void {
    this.init.events.emit(reqLike ? REQ_RECEIVED : RPL_RECEIVED, { cluster_id: clusterId, src_id: this.myId, msg, tag });
  }
}
