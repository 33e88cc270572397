import { ClientError } from '../client/errors.js';
import { palette, type RenderOptions } from './style.js';

/** `cluster_send_req` / `cluster_send_rpl` result (CLI view). */
export interface SendResultView {
  code: number;
  status: string;
  tag?: string;
  /** Present when the call waited: the reply, or null when none came. */
  reply?: ReplyView | null;
}

export interface ReplyView {
  src_id: number;
  msg: string;
}

/** `cluster_broadcast_req` result (CLI view). */
export interface BroadcastView extends SendResultView {
  tag: string;
  sent_to: number[];
  replies?: ReplyView[];
}

export interface MiNodeView {
  status: string;
  peer: string;
  result?: unknown;
  error?: { code: number; message: string; data?: string };
}

/** `cl_broadcast_mi` result, or `cl_send_mi` folded into the same shape. */
export interface MiResultsView {
  cluster_id: number;
  cmd_name: string;
  results: Record<string, MiNodeView>;
  failed: number[];
}

export interface EventView {
  event: string;
  params: Record<string, string | number>;
  time: number;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const badReply = (what: string): ClientError => new ClientError('CL_ERR_BAD_REPLY', `unexpected ${what} result from the node (not a cl node, or a different version?)`);

export function asSendResult(v: unknown, what: string): SendResultView {
  if (!isObj(v) || typeof v.code !== 'number' || typeof v.status !== 'string') throw badReply(what);
  return v as unknown as SendResultView;
}

export function asBroadcast(v: unknown): BroadcastView {
  const r = asSendResult(v, 'cluster_broadcast_req');
  if (typeof r.tag !== 'string' || !Array.isArray((r as BroadcastView).sent_to)) throw badReply('cluster_broadcast_req');
  return r as BroadcastView;
}

export function asMiResults(v: unknown): MiResultsView {
  if (!isObj(v) || !isObj(v.results) || !Array.isArray(v.failed)) throw badReply('cl_broadcast_mi');
  return v as unknown as MiResultsView;
}

/** `cl_send_mi` returns one node's outcome at top level; give it the broadcast shape. */
export function miSendAsResults(v: unknown): MiResultsView {
  if (!isObj(v) || typeof v.status !== 'string' || typeof v.destination !== 'number') throw badReply('cl_send_mi');
  const { cluster_id, destination, cmd_name, ...node } = v as unknown as { cluster_id: number; destination: number; cmd_name: string } & MiNodeView;
  const failed = ['ok', 'sent', 'skipped'].includes(node.status) ? [] : [destination];
  return { cluster_id, cmd_name, results: { [String(destination)]: node }, failed };
}

/** `node 3: alice is here` — one line per replying node. */
export function renderReply(r: ReplyView): string {
  return `node ${r.src_id}: ${r.msg}`;
}

const STATUS_NOTE: Record<string, string> = {
  sent: 'sent (not a cl node: the result stays on that node)',
  skipped: 'skipped (disabled locally)',
};

/** One line per node: `node 2 (cl): ok {"Up time":"3 [sec]"}`, failures in red on a terminal. */
export function renderMiResults(r: MiResultsView, opts: RenderOptions): string[] {
  const c = palette(opts);
  return Object.keys(r.results)
    .sort((a, b) => Number(a) - Number(b))
    .map((id) => {
      const n = r.results[id]!;
      const who = `node ${id}${n.peer === 'local' ? ' (local)' : ''}`;
      if (n.status === 'ok') return `${who}: ${c.green('ok')} ${JSON.stringify(n.result)}`;
      if (STATUS_NOTE[n.status]) return `${who}: ${c.yellow(STATUS_NOTE[n.status]!)}`;
      const e = n.error;
      const why = e ? ` ${e.code} ${e.message}${e.data ? `: ${e.data}` : ''}` : '';
      return `${who}: ${c.red(n.status)}${why}`;
    });
}

const quote = (v: string | number): string => (typeof v === 'number' || /^[\w.:/@-]+$/.test(v) ? String(v) : JSON.stringify(v));

/** `21:07:53.123 E_CLUSTERER_REQ_RECEIVED cluster_id=1 src_id=2 msg="where alice" tag=1-2-…` */
export function renderEventLine(ev: EventView, opts: RenderOptions): string {
  const c = palette(opts);
  const t = new Date(ev.time);
  const hms = Number.isFinite(t.getTime()) ? t.toISOString().slice(11, 23) : '--:--:--.---';
  const params = Object.entries(ev.params).map(([k, v]) => `${c.dim(`${k}=`)}${quote(v)}`).join(' ');
  return `${c.dim(hms)} ${c.bold(ev.event)} ${params}`.trimEnd();
}

/** The JSON line of an event for pipes: `{"event":…,"params":{…}}`. */
export function eventJsonLine(ev: EventView): string {
  return JSON.stringify({ event: ev.event, params: ev.params });
}
