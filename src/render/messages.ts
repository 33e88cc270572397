import type { MiNodeView, MiResultsView, MiSendView, ReplyView } from '../contract/index.js';
import { palette, type RenderOptions } from './style.js';

export type { BroadcastView, MiNodeView, MiResultsView, ReplyView, SendResultView } from '../contract/index.js';

export interface EventView {
  event: string;
  params: Record<string, string | number>;
  time: number;
}

/** `cl_send_mi` returns one node's outcome at top level; give it the broadcast shape. */
export function miSendAsResults(v: MiSendView): MiResultsView {
  const { cluster_id, destination, cmd_name, ...node } = v;
  const n: MiNodeView = node;
  const failed = ['ok', 'sent', 'skipped'].includes(n.status) ? [] : [destination];
  return { cluster_id, cmd_name, results: { [String(destination)]: n }, failed };
}

/** `no reply to TAG within 1s`, with the nodes a broadcast reached when known. */
export function noReplyText(tag: string | undefined, wait: string, sentTo?: readonly number[]): string {
  return `no reply to ${tag} within ${wait}${sentTo ? ` (sent to nodes ${sentTo.join(', ') || 'none'})` : ''}`;
}

/** The line on stderr once an event subscription is open. */
export function renderListening(events: readonly string[], filters: readonly string[]): string {
  return `listening for ${events.length ? events.join(', ') : 'all events'}${filters.length ? ` where ${filters.join(' ')}` : ''} (Ctrl-C to stop)`;
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
