import { loadClientConfig } from '../client/client-config.js';
import { ControlClient } from '../client/control-client.js';
import { ClientError } from '../client/errors.js';
import { describeTarget, targetOf, type TargetFlags } from '../client/target.js';
import { snakeKeys } from '../contract/json-keys.js';
import { errorJson, renderError } from '../render/error.js';
import type { AnyCommandDef, Input, Io, Outcome } from './definition.js';
import { exitCodeFor } from './exit-codes.js';

type AnyInput = Input<AnyCommandDef['args'], AnyCommandDef['flags']>;

interface NodeRun {
  name: string;
  where: string;
  outcome?: Outcome;
  lines: string[];
  error?: unknown;
  exit: number;
}

/** Commands that never end: they cannot run on every node at once. */
const STREAMING = new Set(['event:subscribe']);

/**
 * `--all-nodes`: the command on every node of the client configuration, at
 * once; one section per node (a node that fails shows its error, the others
 * still answer). For commands whose views should agree (`compareAcrossNodes`:
 * the owner of a key, a value, the topology), nodes whose result differs
 * from the most common one are named, and the exit code is 1.
 */
export async function runOnAllNodes(def: AnyCommandDef, input: AnyInput, io: Io): Promise<number> {
  if (STREAMING.has(def.id) || input.flags.watch === true) throw new ClientError('CL_ERR_USAGE', `--all-nodes cannot follow a stream (${def.id.replace(/:/g, ' ')}${input.flags.watch ? ' --watch' : ''}): run it per node`);
  const cfg = await loadClientConfig();
  const flags = input.flags as TargetFlags;
  const runs = await Promise.all(
    cfg.nodes.map(async (n): Promise<NodeRun> => {
      const target = targetOf(n, flags);
      const lines: string[] = [];
      const capture: Io = { out: (l) => lines.push(l), err: (l) => lines.push(l), isTTY: false, color: io.color };
      try {
        const out = await def.run(input, new ControlClient(target), capture);
        if (typeof out === 'number') return { name: n.name, where: describeTarget(target), lines, exit: out };
        return { name: n.name, where: describeTarget(target), outcome: out, lines: [...lines, ...(out.human ?? []), ...(out.stderr ?? [])], exit: out.exit ?? 0 };
      } catch (err) {
        return { name: n.name, where: describeTarget(target), lines, error: err, exit: exitCodeFor(err) };
      }
    }),
  );
  const differs = def.compareAcrossNodes ? disagreeing(runs) : [];
  const firstFailure = runs.find((r) => r.exit !== 0)?.exit;
  if (input.flags.json === true) {
    const nodes: Record<string, unknown> = {};
    for (const r of runs) nodes[r.name] = r.error !== undefined ? { error: errorJson(r.error, r.exit) } : { result: def.rawJson ? r.outcome?.result : snakeKeys(r.outcome?.result) };
    io.out(JSON.stringify({ nodes, ...(def.compareAcrossNodes ? { disagree: differs } : {}) }));
  } else {
    for (const r of runs) {
      io.out(`== ${r.name} (${r.where}) ==`);
      for (const l of r.lines) io.out(l);
      if (r.error !== undefined) io.out(renderError(r.error));
    }
    if (def.compareAcrossNodes) io.out(differs.length === 0 ? `all ${runs.filter((r) => r.error === undefined).length} answering nodes agree` : `views differ: ${differs.join(', ')} ${differs.length === 1 ? 'disagrees' : 'disagree'} with the others`);
  }
  return firstFailure ?? (differs.length > 0 ? 1 : 0);
}

/** A result in a canonical form: object keys sorted, arrays sorted (nodes list the same set in their own order). */
export function canonical(v: unknown): string {
  const norm = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(norm).map((e) => JSON.stringify(e)).sort();
    if (x !== null && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, norm((x as Record<string, unknown>)[k])]));
    return x;
  };
  return JSON.stringify(norm(v));
}

/** Names of the answering nodes whose result differs from the most common one. */
function disagreeing(runs: NodeRun[]): string[] {
  const groups = new Map<string, string[]>();
  for (const r of runs) {
    if (r.error !== undefined) continue;
    const k = canonical(r.outcome?.result ?? null);
    groups.set(k, [...(groups.get(k) ?? []), r.name]);
  }
  if (groups.size <= 1) return [];
  const largest = [...groups.values()].sort((a, b) => b.length - a.length)[0]!;
  return runs.filter((r) => r.error === undefined && !largest.includes(r.name)).map((r) => r.name);
}
