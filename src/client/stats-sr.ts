import type { ControlClient } from './control-client.js';
import { badReply, isObject } from './reply-shape.js';

type Caller = Pick<ControlClient, 'callRaw'>;

/** get_statistics as `{name, value}` rows, in the node's order. */
export async function readStats(client: Caller, names: string[]): Promise<{ name: string; value: number | string }[]> {
  const r = await client.callRaw('get_statistics', [names]);
  if (!isObject(r)) throw badReply('get_statistics', 'expected an object of statistics');
  return Object.entries(r).map(([name, value]) => ({ name, value: typeof value === 'number' ? value : String(value) }));
}

interface RawStatus { Name?: unknown; Readiness?: unknown; Status?: unknown; Details?: unknown }

/** sr_list_status of one group or of all, flattened into rows. */
export async function readSrStatus(client: Caller, group: string | undefined) {
  const row = (g: string, i: RawStatus) => ({ group: g, identifier: String(i.Name), ready: i.Readiness === true, status: Number(i.Status), details: i.Details === undefined ? '' : String(i.Details) });
  if (group !== undefined) {
    const r = await client.callRaw('sr_list_status', [group]);
    if (!Array.isArray(r)) throw badReply('sr_list_status', 'expected an array of identifiers');
    return (r as RawStatus[]).map((i) => row(group, i));
  }
  const r = await client.callRaw('sr_list_status');
  if (!Array.isArray(r)) throw badReply('sr_list_status', 'expected an array of groups');
  return (r as { Group: string; Identifiers: RawStatus[] }[]).flatMap((g) => (g.Identifiers ?? []).map((i) => row(g.Group, i)));
}

interface RawReport { Timestamp?: unknown; Date?: unknown; Log?: unknown }

/** sr_list_reports of one identifier or of every identifier of a group, oldest first per identifier. */
export async function readSrReports(client: Caller, group: string, identifier: string | undefined) {
  const row = (id: string, r: RawReport) => ({ group, identifier: id, timestamp: Number(r.Timestamp), date: String(r.Date), log: String(r.Log) });
  if (identifier !== undefined) {
    const r = await client.callRaw('sr_list_reports', [group, identifier]);
    if (!Array.isArray(r)) throw badReply('sr_list_reports', 'expected an array of reports');
    return (r as RawReport[]).map((x) => row(identifier, x));
  }
  const r = await client.callRaw('sr_list_reports', [group]);
  if (!Array.isArray(r)) throw badReply('sr_list_reports', 'expected an array of identifiers');
  return (r as { Name: string; Reports: RawReport[] }[]).flatMap((i) => (i.Reports ?? []).map((x) => row(i.Name, x)));
}
