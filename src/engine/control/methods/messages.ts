import { SendResult } from '../../cluster/send-result.js';
import { CODE_TEXT, FAILED, type Messaging, type MiOutcome, type RunMi, type ScriptCode } from '../../messages/index.js';
import { MAX_MI_PARAMS } from '../../wire/index.js';
import { MiError, RpcCode } from '../errors.js';
import { handleRpc } from '../jsonrpc.js';
import { methodsFor, type MethodDef, type Params } from '../method.js';
import type { MethodRegistry } from '../registry.js';

/** What the messaging MI methods need from the node. */
export interface MessagesCtx {
  messaging: Messaging;
  cluster: { myId: number };
}

type Def = MethodDef<MessagesCtx>;
const implement = methodsFor<MessagesCtx>();
const bad = (p: string): MiError => new MiError(400, `Bad value for '${p}'`);
/** Bound on any wait an MI caller asks for. */
export const MAX_WAIT_MS = 60_000;
/** How long cl_send_mi / cl_broadcast_mi wait for a cl peer's result by default. */
export const DEFAULT_MI_TIMEOUT_MS = 2_000;

/** Broadcast commands are never run on behalf of another node: each receiver would broadcast again, forever. */
const LOOPING = new Set(['cluster_broadcast_mi', 'cl_broadcast_mi']);

function positive(p: Params, name: string): number {
  const v = p[name] as number;
  if (v < 1) throw bad(name);
  return v;
}

function waitOf(p: Params, name: string): number {
  const v = p[name] as number | undefined;
  if (v === undefined) return 0;
  if (v < 0 || v > MAX_WAIT_MS) throw new MiError(400, `Bad value for '${name}'`, `0..${MAX_WAIT_MS} ms`);
  return v;
}

const codeReply = (code: ScriptCode) => ({ code, status: CODE_TEXT[code] });
const replyJson = (r: { srcId: number; msg: string }) => ({ src_id: r.srcId, msg: r.msg });

/** Runs a method of `registry` as a remote node asked for it (JSON-RPC semantics, errors as values). */
export function localRunner<Ctx>(registry: MethodRegistry<Ctx>, ctx: () => Ctx): RunMi {
  return async (cmdName, params): Promise<MiOutcome> => {
    try {
      if (LOOPING.has(registry.resolve(cmdName).name)) {
        return { ok: false, error: { code: 400, message: 'Broadcast MI commands are not run on behalf of another node' } };
      }
    } catch {
      /* unknown names are reported by handleRpc below */
    }
    const body = JSON.stringify({ jsonrpc: '2.0', method: cmdName, id: 1, ...(params === undefined ? {} : { params }) });
    const r = await handleRpc(body, registry, ctx());
    if (r && 'result' in r) return { ok: true, result: r.result };
    return { ok: false, error: r ? r.error : { code: RpcCode.SERVER_ERROR, message: 'Server error' } };
  };
}

/** `cmd_params` of the OpenSIPS methods: positional strings, at most MAX_MI_PARAMS. */
function miCmdParams(p: Params): string[] {
  const params = (p.cmd_params as string[] | undefined) ?? [];
  if (params.length > MAX_MI_PARAMS) throw new MiError(400, 'Too many parameters', `MI_CMD carries at most ${MAX_MI_PARAMS}`);
  return params;
}

export const messageMethods: Def[] = [
  implement('cluster_send_req', async (p, ctx) => {
    const cid = positive(p, 'cluster_id');
    const dst = positive(p, 'dst_id');
    const wait = waitOf(p, 'wait_ms');
    const m = ctx.messaging.messenger;
    if (p.wait_ms === undefined) {
      const r = await m.sendReq(cid, dst, p.msg as string);
      return { ...codeReply(r.code), tag: r.tag };
    }
    const r = await m.request(cid, dst, p.msg as string, wait);
    return { ...codeReply(r.code), tag: r.tag, reply: r.reply ? replyJson(r.reply) : null };
  }),
  implement('cluster_send_rpl', async (p, ctx) => {
    const code = await ctx.messaging.messenger.sendRpl(positive(p, 'cluster_id'), positive(p, 'dst_id'), p.msg as string, p.tag as string);
    return codeReply(code);
  }),
  implement('cluster_broadcast_req', async (p, ctx) => {
    const cid = positive(p, 'cluster_id');
    const self = (p.include_self as number | undefined) ?? 0;
    if (self !== 0 && self !== 1) throw bad('include_self');
    const wait = waitOf(p, 'wait_ms');
    const m = ctx.messaging.messenger;
    if (p.wait_ms === undefined) {
      const r = await m.broadcastReq(cid, p.msg as string, self === 1);
      return { ...codeReply(r.code), tag: r.tag, sent_to: r.sentTo };
    }
    const r = await m.broadcast(cid, p.msg as string, self === 1, wait);
    return { ...codeReply(r.code), tag: r.tag, sent_to: r.sentTo, replies: r.replies.map(replyJson) };
  }),
  implement('cluster_send_mi', async (p, ctx) => {
    const cid = positive(p, 'cluster_id');
    const dst = positive(p, 'destination');
    if (dst === ctx.cluster.myId) throw new MiError(400, 'Local node specified as destination');
    const r = await ctx.messaging.remote.sendMiCmd(cid, dst, p.cmd_name as string, miCmdParams(p));
    if (r === SendResult.CURR_DISABLED) return 'Local node disabled';
    if (r === SendResult.DEST_DOWN) throw new MiError(400, 'Destination down');
    if (r !== SendResult.SENT) throw new MiError(400, 'Send error');
    return 'OK';
  }),
  implement('cluster_broadcast_mi', async (p, ctx) => {
    const cid = positive(p, 'cluster_id');
    const params = miCmdParams(p);
    const cmd = p.cmd_name as string;
    await ctx.messaging.remote.broadcastMiCmd(cid, cmd, params);
    const local = await ctx.messaging.remote.clSendMi(cid, ctx.cluster.myId, cmd, params, 0);
    if (local.status === 'ok') return local.result;
    const e = local.error!;
    // OpenSIPS: an unknown local command is "Command to be run not found" (reference §8.2).
    if (e.code === RpcCode.METHOD_NOT_FOUND) throw new MiError(400, 'Command to be run not found');
    throw new MiError(e.code, e.message, e.data);
  }),
  implement('cl_send_mi', async (p, ctx) => {
    const cid = positive(p, 'cluster_id');
    const dst = positive(p, 'destination');
    const timeout = p.timeout_ms === undefined ? DEFAULT_MI_TIMEOUT_MS : waitOf(p, 'timeout_ms');
    const r = await ctx.messaging.remote.clSendMi(cid, dst, p.cmd_name as string, p.cmd_params, timeout);
    return { cluster_id: cid, destination: dst, cmd_name: p.cmd_name, ...r };
  }),
  implement('cl_broadcast_mi', async (p, ctx) => {
    const cid = positive(p, 'cluster_id');
    const timeout = p.timeout_ms === undefined ? DEFAULT_MI_TIMEOUT_MS : waitOf(p, 'timeout_ms');
    const results = await ctx.messaging.remote.clBroadcastMi(cid, p.cmd_name as string, p.cmd_params, timeout);
    const failed = Object.entries(results).filter(([, r]) => FAILED.has(r.status)).map(([id]) => Number(id));
    return { cluster_id: cid, cmd_name: p.cmd_name, results, failed };
  }),
  implement('cl_peers', (_p, ctx) => ({
    Clusters: ctx.messaging.peers.clusters().map((cid) => ({ cluster_id: cid, cl_nodes: ctx.messaging.peers.list(cid) })),
  })),
];
