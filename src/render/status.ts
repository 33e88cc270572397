import type { StatusResult } from '../contract/index.js';
import { renderEventLine } from './messages.js';
import { formatAge as ago } from './route.js';
import { formatAge, formatSince } from './shtags.js';
import { paintLink, palette, type RenderOptions } from './style.js';
import { columns } from './table.js';

export type { StatusResult } from '../contract/index.js';

const indent = (block: string): string =>
  block
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

/**
 * `cl status`: the node on one screen: who it is and for how long, each
 * cluster with its links, the sharing tags, the capabilities with their
 * sync state and the last events, e.g.
 *
 *     node 1  cl 0.1.0  pid 4242  up 3m05s  db_mode 0  control /tmp/cl-node1.sock
 *
 *     cluster 1  bin:127.0.0.1:5551  enabled
 *       NODE  URL                 LINK  STATE    NEXT HOP  LAST PONG
 *       2     bin:127.0.0.1:5552  Up    enabled  2         120 ms ago
 */
export function renderStatus(s: StatusResult, opts: RenderOptions & { now: number }): string {
  const c = palette(opts);
  const head = [`node ${s.node_id}`, `cl ${s.version}`, `pid ${s.pid}`, `up ${formatAge(s.uptime_ms)}`, `db_mode ${s.db_mode}`, ...(s.control_socket ? [`control ${s.control_socket}`] : [])];
  const out = [c.bold(head.join('  '))];
  if (s.clusters.length === 0) out.push('', 'no clusters');
  for (const cl of s.clusters) {
    out.push('', `${c.bold(`cluster ${cl.cluster_id}`)}  ${cl.url}  ${cl.enabled ? 'enabled' : c.red('disabled')}`);
    if (cl.nodes.length === 0) {
      out.push('  no other nodes known');
      continue;
    }
    const rows = cl.nodes.map((n) => [String(n.node_id), n.url, paintLink(c, n.link_state), n.enabled ? 'enabled' : c.dim('disabled'), n.next_hop === null ? '-' : String(n.next_hop), ago(n.last_pong_ms_ago)]);
    out.push(indent(columns(['NODE', 'URL', 'LINK', 'STATE', 'NEXT HOP', 'LAST PONG'].map((h) => c.bold(h)), rows)));
  }
  out.push('', c.bold('sharing tags'));
  if (s.sharing_tags.length === 0) out.push('  none');
  else {
    const rows = s.sharing_tags.map((t) => [t.tag, String(t.cluster_id), t.state === 'active' ? c.green(t.state) : t.state, formatSince(t.since, opts.now), t.reason]);
    out.push(indent(columns(['TAG', 'CLUSTER', 'STATE', 'SINCE', 'REASON'].map((h) => c.bold(h)), rows)));
  }
  out.push('', c.bold('capabilities'));
  if (s.capabilities.length === 0) out.push('  none');
  else {
    const rows = s.capabilities.map((k) => [
      k.capability,
      String(k.cluster_id),
      k.state === 'synced' ? c.green(k.state) : k.state === 'not synced' ? c.red(k.state) : c.yellow(k.state),
      k.enabled ? 'enabled' : c.dim('disabled'),
      k.donor === null ? '-' : String(k.donor),
      k.expected > 0 ? `${k.received}/${k.expected}` : k.received > 0 ? String(k.received) : '-',
      k.synced_nodes.length === 0 ? '-' : k.synced_nodes.join(','),
    ]);
    out.push(indent(columns(['CAPABILITY', 'CLUSTER', 'STATE', 'STATUS', 'DONOR', 'RECEIVED', 'SYNCED NODES'].map((h) => c.bold(h)), rows)));
  }
  out.push('', c.bold('recent events'));
  if (s.events.length === 0) out.push('  none');
  for (const e of s.events) out.push(`  ${renderEventLine({ event: e.event, params: e.params, time: Date.parse(e.time) }, opts)}`);
  return out.join('\n');
}

/** Moves the cursor home and clears the screen: `--watch` redraws in place (terminals only). */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J';
