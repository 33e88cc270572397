import nodeStart, { nodeStartArgs, type NodeStartArgs } from '../commands/node/start.js';
import { erase } from '../cli/definition.js';
import { execute } from '../cli/execute.js';
import { parseFast, runFast } from '../cli/fast-runner.js';

/**
 * The entry of the `cl node start` bundle (scripts/bundle.mjs): the command
 * of src/commands/node/start.ts on the fast runner, so that a node that is
 * (re)started joins its cluster sooner.
 */
export type FastNodeStart = NodeStartArgs;

const def = erase(nodeStart);

/** The arguments, or null when they need the full command (help, an unknown or missing flag, a bad value). */
export function parseFastNodeStart(argv: string[]): FastNodeStart | null {
  const input = parseFast(def, argv);
  return input === null ? null : nodeStartArgs(input.flags as Parameters<typeof nodeStartArgs>[0]);
}

/** Runs the node until SIGINT/SIGTERM; returns the exit code. */
export function main(args: FastNodeStart): Promise<number> {
  const flags = { config: args.configPath, 'node-id': args.overrides.nodeId, socket: args.overrides.socket, 'control-socket': args.overrides.controlSocket, 'log-level': args.overrides.logLevel };
  return execute(def, { args: {}, flags, rest: [] } as unknown as Parameters<typeof execute>[1]);
}

/** `cl node start …`: the node until SIGINT/SIGTERM, or the usage error of the words (exit 2, JSON with --json). */
export async function run(argv: string[]): Promise<number> {
  return runFast(def, argv);
}
