/** Human output of the `cl db` commands (pure; the commands print). */
import Table from 'cli-table3';
import type { NodeRow } from '../engine/provisioning/rows.js';

export interface DbInitResult {
  db_url: string;
  table: string;
  created: boolean;
  version: number;
}

export function renderDbInit(r: DbInitResult): string {
  return r.created ? `Created table ${r.table} (version ${r.version}) in ${r.db_url}` : `Table ${r.table} already exists (version ${r.version}) in ${r.db_url}`;
}

const NO_BORDER = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/** One line per row, borderless columns two spaces apart; NULL shows as `-`. */
export function renderNodeRows(rows: readonly NodeRow[], table: string): string {
  if (rows.length === 0) return `no nodes in table ${table}`;
  const t = new Table({
    head: ['ID', 'CLUSTER', 'NODE', 'URL', 'STATE', 'RETRIES', 'PRIORITY', 'SIP_ADDR', 'FLAGS', 'DESCRIPTION'],
    chars: NO_BORDER,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  const show = (v: string | null): string => v ?? '-';
  for (const r of rows) {
    t.push([r.id, r.cluster_id, r.node_id, r.url, r.state === 0 ? 'disabled' : 'enabled', r.no_ping_retries, r.priority, show(r.sip_addr), show(r.flags), show(r.description)].map(String));
  }
  return t
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

const RELOAD_HINT = "run 'cl mi clusterer_reload' on each node to apply";

export function renderNodeAdded(r: NodeRow): string {
  return `Added node ${r.node_id} to cluster ${r.cluster_id} (row id ${r.id}, ${r.url}); ${RELOAD_HINT}`;
}

export function renderNodeRemoved(r: NodeRow): string {
  return `Removed node ${r.node_id} from cluster ${r.cluster_id} (row id ${r.id}); ${RELOAD_HINT}`;
}
