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
    return typeof out === 'number' ? out : printOutcome(out, json, io, def.rawJson === true);
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
