import type { CapRow } from '../contract/index.js';
import { palette, type RenderOptions } from './style.js';
import { columns } from './table.js';

export const CAP_LIST_HEAD = ['CLUSTER', 'CAPABILITY', 'STATE', 'ENABLED', 'DONOR', 'RECORDS', 'SYNCED NODES'] as const;

/** `12,000/100,000` while a sync runs or after it; `-` before any. */
export function formatRecords(r: Pick<CapRow, 'received' | 'expected' | 'verified'>): string {
  if (r.received === 0 && r.expected === 0) return '-';
  const n = (x: number): string => x.toLocaleString('en-US');
  return `${n(r.received)}/${n(r.expected)}${r.verified ? ' verified' : ''}`;
}

/** `cl cap list`: synced green, not synced red, pending/in progress yellow. */
export function renderCapList(rows: readonly CapRow[], opts: RenderOptions): string {
  if (rows.length === 0) return 'no capabilities';
  const c = palette(opts);
  const state = (r: CapRow): string => (r.status === 1 ? c.green(r.state) : r.status === -3 ? c.red(r.state) : c.yellow(r.state));
  const body = rows.map((r) => [
    String(r.cluster_id),
    r.capability,
    state(r),
    r.enabled ? 'yes' : 'no',
    r.donor === null ? '-' : String(r.donor),
    formatRecords(r),
    r.synced_nodes.join(',') || '-',
  ]);
  return columns(CAP_LIST_HEAD.map((h) => c.bold(h)), body);
}

/** One line of sync progress: `records 12,000/100,000  5,000/s  ETA 18s`. */
export function renderSyncProgress(received: number, expected: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? Math.round((received * 1000) / elapsedMs) : 0;
  const n = (x: number): string => x.toLocaleString('en-US');
  const eta = expected > received && rate > 0 ? `  ETA ${Math.ceil((expected - received) / rate)}s` : '';
  return `records ${n(received)}/${expected > 0 ? n(expected) : '?'}  ${n(rate)}/s${eta}`;
}
