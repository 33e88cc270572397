import { badReply, hasFields } from './reply-shape.js';

/** One tag as `cl_shtag_get` / `cl_shtag_list` answer it. */
export interface ShtagRow {
  Tag: string;
  Cluster: number;
  State: string;
  /** ISO 8601 time of the last state change (or of the tag's creation). */
  Since: string;
  Reason: string;
}

const FIELDS = { Tag: 'string', Cluster: 'number', State: 'string', Since: 'string', Reason: 'string' } as const;
const isRow = (x: unknown): x is ShtagRow => hasFields(x, FIELDS);

export function asShtagRow(x: unknown): ShtagRow {
  if (!isRow(x)) throw badReply('cl_shtag_get', 'expected {Tag, Cluster, State, Since, Reason}');
  return x;
}

export function asShtagList(x: unknown): ShtagRow[] {
  if (!Array.isArray(x) || !x.every(isRow)) throw badReply('cl_shtag_list', 'expected an array of {Tag, Cluster, State, Since, Reason}');
  return x;
}
