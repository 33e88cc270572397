import { columns } from './table.js';

/** A statistic as `cl stats` lists it. */
export interface StatRow {
  name: string;
  value: number | string;
}

/** An identifier's status as `cl sr list` lists it. */
export interface SrStatusRow {
  group: string;
  identifier: string;
  ready: boolean;
  status: number;
  details: string;
}

/** One report as `cl sr reports` lists it. */
export interface SrReportRow {
  group: string;
  identifier: string;
  timestamp: number;
  date: string;
  log: string;
}

export function renderStats(rows: readonly StatRow[]): string {
  return columns(['NAME', 'VALUE'], rows.map((r) => [r.name, String(r.value)]));
}

export function renderSrStatus(rows: readonly SrStatusRow[]): string {
  return columns(['GROUP', 'IDENTIFIER', 'READY', 'STATUS', 'DETAILS'], rows.map((r) => [r.group, r.identifier, r.ready ? 'yes' : 'no', String(r.status), r.details || '-']));
}

export function renderSrReports(rows: readonly SrReportRow[]): string {
  return columns(['IDENTIFIER', 'DATE', 'LOG'], rows.map((r) => [r.identifier, r.date, r.log]));
}
