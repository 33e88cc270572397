import { DEFAULT_COLUMNS, type ColumnField, type ColumnNames } from './columns.js';
import { ConfigValueError } from './errors.js';
import { BadUrlError, parseBinUrl, type BinProto } from './url.js';
import { closest, INT_MAX, isRecord, show } from './values.js';

/** One node as provisioned by `my_node_info` / `neighbor_node_info` (or a DB row). */
export interface NodeInfo {
  clusterId: number;
  nodeId: number;
  url: string;
  proto: BinProto;
  host: string;
  port: number;
  noPingRetries: number;
  priority: number;
  sipAddr?: string;
  flags?: string;
  /** `flags` starts with "seed" (OpenSIPS prefix-matches it). */
  seed: boolean;
  description?: string;
  enabled: boolean;
  dbId: number;
}

/** `my_node_info` may omit node_id: it then comes from `my_node_id`. */
export interface LocalNodeInfo extends Omit<NodeInfo, 'nodeId'> {
  nodeId: number | undefined;
}

export type NodeInfoKind = 'local' | 'neighbor';

/** Script-provisioning defaults; priority is 3 here although the DB column default is 50 (OpenSIPS quirk). */
export const NODE_INFO_DEFAULTS = Object.freeze({ noPingRetries: 3, priority: 3, enabled: true, dbId: -1 });

/** `id` is a column but not a property: script-provisioned nodes have no DB row. */
type PropField = Exclude<ColumnField, 'id'>;
const PROP_FIELDS: readonly PropField[] = [
  'clusterId', 'nodeId', 'url', 'noPingRetries', 'priority', 'sipAddr', 'flags', 'state', 'description',
];
const INT_RANGE: Partial<Record<PropField, readonly [number, number]>> = {
  clusterId: [1, INT_MAX],
  nodeId: [1, INT_MAX],
  noPingRetries: [0, INT_MAX],
  priority: [0, INT_MAX],
  state: [0, 1],
};

type Props = Map<PropField, { name: string; value: unknown }>;

/** Splits the `prop=value, …` string (or reads the mapping) into known properties. */
function collect(input: unknown, cols: ColumnNames, problems: string[]): Props {
  const byName = new Map<string, PropField>(PROP_FIELDS.map((f) => [cols[f], f]));
  const known = PROP_FIELDS.map((f) => cols[f]);
  const props: Props = new Map();
  const put = (name: string, value: unknown): void => {
    const field = byName.get(name);
    if (field === undefined) {
      const hint = name === cols.id
        ? ' (the DB row id cannot be set from the configuration)'
        : closest(name, known) !== undefined ? `; did you mean '${closest(name, known)}'?` : '';
      problems.push(`unknown property '${name}'${hint} (known: ${known.join(', ')})`);
    } else if (props.has(field)) {
      problems.push(`duplicate property '${name}'`);
    } else {
      props.set(field, { name, value });
    }
  };
  if (typeof input === 'string') {
    if (input.trim() === '') problems.push('empty node info (expected "prop=value, …")');
    else for (const item of input.split(',')) {
      const s = item.trim();
      const eq = s.indexOf('=');
      if (s === '') problems.push("empty property (stray ',')");
      else if (eq < 0) problems.push(byName.has(s) ? `Expected '=' after ${s}` : `expected name=value, got ${JSON.stringify(s)}`);
      else put(s.slice(0, eq).trim(), s.slice(eq + 1).trim());
    }
  } else if (isRecord(input)) {
    for (const [k, v] of Object.entries(input)) put(k, v);
  } else {
    problems.push(`expected a "prop=value, …" string or a mapping, got ${show(input)}`);
  }
  return props;
}

function readInt(name: string, v: unknown, [min, max]: readonly [number, number], problems: string[]): number | undefined {
  let n: number | undefined;
  // Unsigned decimal only, as OpenSIPS' str2int: no sign, no hex, no fraction.
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) n = v;
  else if (typeof v === 'string' && /^\d+$/.test(v)) n = Number(v);
  if (n === undefined) {
    problems.push(`Bad value for ${name}: ${show(v)} (expected an unsigned decimal integer)`);
  } else if (n < min || n > max) {
    problems.push(`Bad value for ${name}: ${n} (${min === 1 ? 'must be greater than 0' : `must be between ${min} and ${max}`})`);
  } else {
    return n;
  }
  return undefined;
}

/**
 * Parses a node specification. Stricter than OpenSIPS: properties are split on
 * ',' (no substring search), unknown or duplicate properties are errors.
 * Throws ConfigValueError listing every problem.
 */
export function parseNodeInfo(input: unknown, kind: 'neighbor', columns?: Partial<ColumnNames>): NodeInfo;
export function parseNodeInfo(input: unknown, kind: 'local', columns?: Partial<ColumnNames>): LocalNodeInfo;
export function parseNodeInfo(input: unknown, kind: NodeInfoKind, columns?: Partial<ColumnNames>): LocalNodeInfo;
export function parseNodeInfo(input: unknown, kind: NodeInfoKind, columns: Partial<ColumnNames> = {}): LocalNodeInfo {
  const cols: ColumnNames = { ...DEFAULT_COLUMNS, ...columns };
  const problems: string[] = [];
  const props = collect(input, cols, problems);
  const ints = new Map<PropField, number>();
  const strs = new Map<PropField, string>();
  for (const [field, { name, value }] of props) {
    if (value === null || value === undefined || value === '') {
      problems.push(`${name} value expected`);
      continue;
    }
    const range = INT_RANGE[field];
    if (range) {
      const n = readInt(name, value, range, problems);
      if (n !== undefined) ints.set(field, n);
    } else if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`Bad value for ${name}: ${show(value)} (expected a string)`);
    } else {
      strs.set(field, value.trim());
    }
  }
  // Only complain about missing properties that were not given at all (bad ones are reported above).
  const missing = (f: PropField): boolean => !props.has(f);
  if (kind === 'neighbor' && (missing('clusterId') || missing('nodeId') || missing('url'))) {
    problems.push('At least the cluster id, node id and url are required for a neighbor node');
  } else if (kind === 'local' && (missing('clusterId') || missing('url'))) {
    problems.push('At least the cluster ID and url are required for the local node');
  }
  const rawUrl = strs.get('url');
  let parsed: ReturnType<typeof parseBinUrl> | undefined;
  if (rawUrl !== undefined) {
    try {
      parsed = parseBinUrl(rawUrl);
    } catch (err) {
      problems.push(err instanceof BadUrlError ? err.message : String(err));
    }
  }
  if (problems.length > 0 || parsed === undefined) throw new ConfigValueError(problems);
  const flags = strs.get('flags');
  const info: LocalNodeInfo = {
    clusterId: ints.get('clusterId')!,
    nodeId: ints.get('nodeId'),
    url: parsed.url,
    proto: parsed.proto,
    host: parsed.host,
    port: parsed.port,
    noPingRetries: ints.get('noPingRetries') ?? NODE_INFO_DEFAULTS.noPingRetries,
    priority: ints.get('priority') ?? NODE_INFO_DEFAULTS.priority,
    seed: flags?.startsWith('seed') ?? false,
    enabled: ints.has('state') ? ints.get('state') === 1 : NODE_INFO_DEFAULTS.enabled,
    dbId: NODE_INFO_DEFAULTS.dbId,
  };
  if (strs.has('sipAddr')) info.sipAddr = strs.get('sipAddr');
  if (flags !== undefined) info.flags = flags;
  if (strs.has('description')) info.description = strs.get('description');
  return info;
}
