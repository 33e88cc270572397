import { createRequire } from 'node:module';
import { ControlClient } from '../client/control-client.js';
import { ClientError } from '../client/errors.js';
import { snakeKeys } from '../contract/json-keys.js';
import { loadClientConfig, namedNode } from '../client/client-config.js';
import { resolveTarget, targetOf, type ClientTarget, type TargetFlags } from '../client/target.js';
import { runOnAllNodes } from './all-nodes.js';
import { wantsColor } from '../render/color.js';
import { errorJson, renderError } from '../render/error.js';
import type { AnyCommandDef, Input, Io, Outcome } from './definition.js';
import { exitCodeFor } from './exit-codes.js';

const require = createRequire(import.meta.url);

/** stdout/stderr of this process. */
export function processIo(): Io {
  return {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    isTTY: process.stdout.isTTY === true,
    color: wantsColor(process.stdout),
  };
}

/**
 * The one error reporter of every command: with `--json` a JSON error object
 * on stdout (`{"error":{"code":"CL_ERR_…","message":…,"exit":N}}`), else one
 * line on stderr. Returns the exit code of the error.
 */
export function reportError(err: unknown, json: boolean, io: Pick<Io, 'out' | 'err'>): number {
  const exit = exitCodeFor(err);
  if (json) io.out(JSON.stringify(errorJson(err, exit)));
  else io.err(renderError(err));
  return exit;
}

/**
 * The one place `--json` results are printed: one line each, keys in
 * snake_case (src/contract/json-keys.ts) unless `raw` (`cl mi`, which prints
 * what the node answered).
 */
export function printOutcome(o: Outcome, json: boolean, io: Io, raw = false): number {
  if (o.format === 'yaml' || o.format === 'lines') return printAs(o, o.format, io);
  if (json) for (const v of o.json ?? (o.result === undefined ? [] : [o.result])) io.out(JSON.stringify(raw ? v : snakeKeys(v)));
  else for (const l of o.human ?? []) io.out(l);
  for (const l of o.stderr ?? []) io.err(l);
  return o.exit ?? 0;
}

type AnyInput = Input<AnyCommandDef['args'], AnyCommandDef['flags']>;

/** Runs a parsed command: its client, its outcome printed, its errors reported; resolves with the exit code. */
export async function execute(def: AnyCommandDef, input: AnyInput, io: Io = processIo()): Promise<number> {
  const json = input.flags.json === true;
  try {
    const flags = def.target ? (input.flags as TargetFlags) : {};
    if (flags['all-nodes']) return await runOnAllNodes(def, input, io);
    const client = new ControlClient(await targetFor(flags));
    const out = await def.run(input, client, io);
    if (typeof out === 'number') return out;
    const format = input.flags.format;
    if (format === 'json') return printOutcome(out, true, io, def.rawJson === true);
    return printOutcome(format === 'yaml' || format === 'lines' ? { ...out, format } : out, json, io, def.rawJson === true);
  } catch (err) {
    return reportError(err, json, io);
  }
}

/** `--node NAME` from the client configuration, else the usual target (resolveTarget). */
async function targetFor(flags: TargetFlags): Promise<ClientTarget> {
  if (flags.node === undefined) return resolveTarget(flags);
  if (flags.socket !== undefined || flags.url !== undefined) throw new ClientError('CL_ERR_USAGE', '--node names a node of the client configuration: leave out --socket and --url');
  return targetOf(namedNode(await loadClientConfig(), flags.node), flags);
}

/** `-o yaml` (the snake_case result as YAML) or `-o lines` (a row per line, its values tab-separated). */
function printAs(o: Outcome, format: 'yaml' | 'lines', io: Io): number {
  const value = snakeKeys(o.result);
  if (format === 'yaml') {
    // Loaded only here: the YAML writer stays out of the command bundle's start-up.
    const { stringify } = require('yaml') as typeof import('yaml');
    io.out(stringify(value).trimEnd());
  } else {
    const rows = rowsOf(value);
    // One column per key any row has, in the order they first appear: rows with a missing key stay aligned.
    const keys = [...new Set(rows.flatMap((r) => (r !== null && typeof r === 'object' ? Object.keys(r) : [])))];
    for (const r of rows) io.out(r !== null && typeof r === 'object' ? keys.map((k) => cell((r as Record<string, unknown>)[k])).join('\t') : cell(r));
  }
  for (const l of o.stderr ?? []) io.err(l);
  return o.exit ?? 0;
}

const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? (Array.isArray(v) && v.every((x) => typeof x !== 'object') ? v.join(',') : JSON.stringify(v)) : String(v));

/** The rows of a result: an array; the array of a one-key object; per-cluster node lists flattened (cluster id first). */
function rowsOf(value: unknown): unknown[] {
  let rows: unknown[] = Array.isArray(value) ? value : [value];
  if (!Array.isArray(value) && value !== null && typeof value === 'object') {
    const entries = Object.values(value);
    if (entries.length === 1 && Array.isArray(entries[0])) rows = entries[0];
  }
  return rows.flatMap((r) => {
    const o = r as Record<string, unknown> | null;
    if (o && typeof o === 'object' && typeof o.cluster_id === 'number' && Array.isArray(o.nodes)) return o.nodes.map((n) => ({ cluster_id: o.cluster_id, ...(n as object) }));
    return [r];
  });
}
