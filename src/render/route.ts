import type { RouteResult } from '../contract/index.js';
import { paintLink, palette, type RenderOptions } from './style.js';
import { columns } from './table.js';

export type { RouteAlternative, RouteHop, RouteResult } from '../contract/index.js';

/** `850 ms ago`, `3.2 s ago`, `-` when unknown. */
export function formatAge(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 1000 ? `${Math.round(ms)} ms ago` : `${(ms / 1000).toFixed(1)} s ago`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The one line printed for an unreachable node. */
export function renderUnreachable(r: RouteResult): string {
  return `node ${r.node_id} is unreachable: ${r.reason}`;
}

/**
 * `cl cluster route`: the path with its hop count, a table of the hops and
 * the reason the first hop won, e.g.
 *
 *     1 -> 3 -> 2 (2 hops)
 *
 *     FROM  TO  LINK                     LAST PONG  PRIORITY
 *     1     3   Up                       120 ms ago  3
 *     3     2   Up (reported by node 3)  -          3
 *
 *     next hop 3: fewest hops (2), then lowest priority (3 < 50)
 *     alternatives: via 4 (2 hops, priority 50)
 */
export function renderRoute(r: RouteResult, opts: RenderOptions): string {
  if (!r.reachable) return renderUnreachable(r);
  const c = palette(opts);
  const head = ['FROM', 'TO', 'LINK', 'LAST PONG', 'PRIORITY'].map((h) => c.bold(h));
  const rows = r.links.map((h) => [String(h.from), String(h.to), paintLink(c, h.link), formatAge(h.last_pong_ms_ago), h.priority === null ? '-' : String(h.priority)]);
  const out = [`${r.path.join(' -> ')} (${plural(r.hops, 'hop')})`, '', columns(head, rows), '', `next hop ${r.next_hop ?? '-'}: ${r.reason}`];
  if (r.alternatives.length > 0) {
    out.push(`alternatives: ${r.alternatives.map((a) => `via ${a.first_hop} (${plural(a.hops, 'hop')}, priority ${a.priority})`).join(', ')}`);
  }
  return out.join('\n');
}
