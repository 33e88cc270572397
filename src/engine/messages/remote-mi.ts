import type { ClusterApi } from '../cluster/api.js';
import { SendResult } from '../cluster/send-result.js';
import type { Logger } from '../log.js';
import type { ClusterView } from '../topology/index.js';
import { encodeMessage, MAX_MI_PARAMS } from '../wire/index.js';
import type { ClPeers } from './cl-peers.js';
import { encodeMiRequest, type MiReply } from './ext-wire.js';
import { systemClock, type Clock, type TimerHandle } from '../clock.js';

export interface MiFailure {
  code: number;
  message: string;
  data?: string;
}

/** What running an MI command gave: its result, or its JSON-RPC error. */
export type MiOutcome = { ok: true; result: unknown } | { ok: false; error: MiFailure };
/** Runs an MI command of the local node (positional array, named object or no params). */
export type RunMi = (cmdName: string, params: unknown) => Promise<MiOutcome>;

/**
 * Per-node outcome of `cl_send_mi` / `cl_broadcast_mi`. `ok`/`error`: the
 * command ran and this is what it returned; `sent`: handed to a peer that is
 * not known as a `cl` node (OpenSIPS never answers MI_CMD); the rest are failures.
 */
export type NodeMiStatus = 'ok' | 'error' | 'sent' | 'skipped' | 'timeout' | 'down' | 'send_error' | 'disabled' | 'unsupported';
export const FAILED: ReadonlySet<NodeMiStatus> = new Set(['error', 'timeout', 'down', 'send_error', 'disabled', 'unsupported']);

export interface NodeMiResult {
  status: NodeMiStatus;
  /** `cl`: answered through the cl-mi extension; `other`: sent-only peer; `local`: this node. */
  peer: 'cl' | 'other' | 'local';
  result?: unknown;
  error?: MiFailure;
}

export interface RemoteMiInit {
  api: ClusterApi;
  cluster: { myId: number; view(clusterId: number): ClusterView | undefined };
  peers: ClPeers;
  log: Logger;
  runLocal: RunMi;
  clock?: Clock;
}

interface Pending {
  dst: number;
  resolve(r: NodeMiResult): void;
  timer: TimerHandle;
}

const fail = (status: NodeMiStatus, peer: NodeMiResult['peer'], message: string): NodeMiResult => ({ status, peer, error: { code: 400, message } });

/** MI params as MI_CMD carries them: positional strings only (reference §3.10). */
export function positionalStrings(params: unknown): string[] | undefined {
  if (params === undefined || params === null) return [];
  if (!Array.isArray(params)) return undefined;
  const out: string[] = [];
  for (const p of params) {
    if (typeof p === 'string') out.push(p);
    else if (typeof p === 'number' && Number.isFinite(p)) out.push(String(p));
    else return undefined;
  }
  return out;
}

/** Running MI commands on other nodes: MI_CMD (OpenSIPS-compatible, no reply) and the cl-mi extension (with results). */
export class RemoteMi {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private readonly clock: Clock;

  constructor(private readonly init: RemoteMiInit) {
    this.clock = init.clock ?? systemClock;
  }

  private get myId(): number {
    return this.init.cluster.myId;
  }

  /** One MI_CMD to one node; the result never comes back (reference §3.10). */
  sendMiCmd(clusterId: number, dstId: number, cmdName: string, params: string[]): Promise<SendResult> {
    if (params.length > MAX_MI_PARAMS) return Promise.resolve(SendResult.SEND_ERR);
    const frame = encodeMessage({ kind: 'mi_cmd', cmdName, params, clusterId, srcId: this.myId, dstId });
    return this.init.api.sendTo(clusterId, dstId, frame);
  }

  /** MI_CMD to every enabled node; the outcome is only logged, with OpenSIPS's wording. */
  async broadcastMiCmd(clusterId: number, cmdName: string, params: string[]): Promise<void> {
    const log = this.init.log;
    const view = this.init.cluster.view(clusterId);
    if (!view || params.length > MAX_MI_PARAMS) return log.error(`Error sending MI command ${cmdName}+`);
    if (!view.local.enabled) return log.info(`Local node disabled, MI command ${cmdName} not sent`);
    const targets = this.init.api.getNodes(clusterId).filter((n) => n.enabled);
    const results = await Promise.all(targets.map((n) => this.sendMiCmd(clusterId, n.nodeId, cmdName, params)));
    if (targets.length > 0 && results.every((r) => r === SendResult.DEST_DOWN)) log.info(`All nodes down, MI command ${cmdName} not sent`);
    else if (results.some((r) => r === SendResult.SEND_ERR)) log.error(`Error sending MI command ${cmdName}+`);
  }

  /** Runs a command on one node and returns that node's result (`sent` for peers not known as cl nodes). */
  async clSendMi(clusterId: number, dstId: number, cmdName: string, params: unknown, timeoutMs: number): Promise<NodeMiResult> {
    if (dstId === this.myId) return this.local(cmdName, params);
    const view = this.init.cluster.view(clusterId);
    if (!view || !view.getNode(dstId)) return fail('send_error', 'other', 'Send error');
    if (!view.local.enabled) return fail('disabled', 'other', 'Local node disabled');
    if (!view.getNode(dstId)!.enabled) return { status: 'skipped', peer: 'other' };
    if (!this.init.peers.isCl(clusterId, dstId)) {
      const strings = positionalStrings(params);
      if (!strings) return fail('unsupported', 'other', `node ${dstId} is not known as a cl node: only positional string params can be sent (MI_CMD)`);
      if (strings.length > MAX_MI_PARAMS) return fail('unsupported', 'other', `MI_CMD carries at most ${MAX_MI_PARAMS} params`);
      const r = await this.sendMiCmd(clusterId, dstId, cmdName, strings);
      return r === SendResult.SENT ? { status: 'sent', peer: 'other' } : this.sendFailure(r, 'other');
    }
    const id = this.nextId;
    this.nextId = this.nextId >= 0xffffffff ? 1 : this.nextId + 1;
    const body = params === undefined || params === null ? '' : JSON.stringify(params);
    let frame: Buffer;
    try {
      frame = encodeMiRequest({ id, cmdName, params: body }, { clusterId, srcId: this.myId, dstId });
    } catch (err) {
      return fail('send_error', 'cl', `cannot encode the request: ${err instanceof Error ? err.message : String(err)}`);
    }
    const answer = new Promise<NodeMiResult>((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.pending.delete(id);
        resolve({ status: 'timeout', peer: 'cl', error: { code: 408, message: `no result from node ${dstId} within ${timeoutMs} ms` } });
      }, timeoutMs);
      this.pending.set(id, { dst: dstId, resolve, timer });
    });
    const r = await this.init.api.sendTo(clusterId, dstId, frame);
    if (r !== SendResult.SENT) this.settle(id, this.sendFailure(r, 'cl'));
    return answer;
  }

  /** Runs a command on every node of the cluster, this one included; results by node id. */
  async clBroadcastMi(clusterId: number, cmdName: string, params: unknown, timeoutMs: number): Promise<Record<string, NodeMiResult>> {
    const view = this.init.cluster.view(clusterId);
    const remote = view ? this.init.api.getNodes(clusterId).map((n) => n.nodeId).sort((a, b) => a - b) : [];
    const [local, ...others] = await Promise.all([
      this.local(cmdName, params),
      ...remote.map((id) => this.clSendMi(clusterId, id, cmdName, params, timeoutMs)),
    ]);
    const out: Record<string, NodeMiResult> = { [String(this.myId)]: local! };
    remote.forEach((id, i) => (out[String(id)] = others[i]!));
    return out;
  }

  /** A cl-mi reply arrived from `srcId`. */
  onReply(srcId: number, reply: MiReply): void {
    const p = this.pending.get(reply.id);
    if (!p || p.dst !== srcId) return this.init.log.debug(`cl-mi reply ${reply.id} from node ${srcId} matches no request (late?)`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(reply.body);
    } catch {
      return this.settle(reply.id, fail('error', 'cl', `node ${srcId} sent a result that is not JSON`));
    }
    this.settle(reply.id, reply.ok ? { status: 'ok', peer: 'cl', result: parsed } : { status: 'error', peer: 'cl', error: parsed as MiFailure });
  }

  /** Node stopping: every wait ends now. */
  stop(): void {
    for (const id of [...this.pending.keys()]) this.settle(id, fail('timeout', 'cl', 'node stopping'));
  }

  private settle(id: number, r: NodeMiResult): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.clock.clearTimeout(p.timer);
    p.resolve(r);
  }

  private sendFailure(r: SendResult, peer: NodeMiResult['peer']): NodeMiResult {
    if (r === SendResult.DEST_DOWN) return fail('down', peer, 'Destination down');
    if (r === SendResult.CURR_DISABLED) return fail('disabled', peer, 'Local node disabled');
    return fail('send_error', peer, 'Send error');
  }

  private async local(cmdName: string, params: unknown): Promise<NodeMiResult> {
    const r = await this.init.runLocal(cmdName, params);
    return r.ok ? { status: 'ok', peer: 'local', result: r.result } : { status: 'error', peer: 'local', error: r.error };
  }
}
