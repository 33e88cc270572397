import { columns } from './table.js';
import { paintLink, palette, type RenderOptions } from './style.js';

/** A node as `cl node status` lists it: the answering node itself (`self`) or another node of one of its clusters. */
export interface NodeStatusRow {
  cluster_id: number;
  node_id: number;
  self: boolean;
  url: string;
  enabled: boolean;
  /** `self` for the answering node. */
  link_state: string;
  next_hop: number | null;
  last_pong_ms_ago: number | null;
}

export function renderNodeStatus(rows: readonly NodeStatusRow[], opts: RenderOptions): string {
  const c = palette(opts);
  return columns(
    ['CLUSTER', 'NODE', 'URL', 'LINK', 'STATE', 'NEXT HOP', 'LAST PONG'].map((h) => c.bold(h)),
    rows.map((r) => [
      String(r.cluster_id),
      String(r.node_id),
      r.url,
      r.self ? c.bold('self') : paintLink(c, r.link_state),
      r.enabled ? 'enabled' : 'disabled',
      r.self ? '-' : r.next_hop === null ? 'none' : String(r.next_hop),
      r.last_pong_ms_ago === null ? '-' : `${r.last_pong_ms_ago} ms ago`,
    ]),
  );
}
