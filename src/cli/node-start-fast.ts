import { parseArgs } from 'node:util';
import type { ConfigOverrides } from '../engine/config/index.js';
import { LOG_LEVELS, type LogLevel } from '../engine/log.js';
import { runFast } from './fast-path.js';
import { runNode } from './run-node.js';

/**
 * `cl node start` without loading the command framework: a node that is
 * (re)started joins its cluster sooner. Flags are those of
 * `src/commands/node/start.ts` (a test keeps them equal).
 */
export const fastNodeStartOptions = {
  config: { type: 'string', short: 'c' },
  'node-id': { type: 'string' },
  socket: { type: 'string', multiple: true },
  'control-socket': { type: 'string' },
  'log-level': { type: 'string' },
} as const;

export interface FastNodeStart {
  configPath: string;
  overrides: ConfigOverrides;
}

/**
 * The arguments, or null when they need the full command: help, an unknown
 * or missing flag, a bad value. The full command then reports them as usual.
 */
export function parseFastNodeStart(argv: string[]): FastNodeStart | null {
  let v;
  try {
    const parsed = parseArgs({ args: argv, options: fastNodeStartOptions, allowPositionals: false, strict: true });
    v = parsed.values;
  } catch {
    return null;
  }
  if (!v.config) return null;
  const overrides: ConfigOverrides = {};
  if (v['node-id'] !== undefined) {
    if (!/^[0-9]+$/.test(v['node-id']) || Number(v['node-id']) < 1) return null;
    overrides.nodeId = Number(v['node-id']);
  }
  if (v.socket) overrides.socket = v.socket;
  if (v['control-socket']) overrides.controlSocket = v['control-socket'];
  if (v['log-level'] !== undefined) {
    if (!(LOG_LEVELS as readonly string[]).includes(v['log-level'])) return null;
    overrides.logLevel = v['log-level'] as LogLevel;
  }
  return { configPath: v.config, overrides };
}

/** Runs the node until SIGINT/SIGTERM; returns the exit code. */
export function main(args: FastNodeStart): Promise<number> {
  return runFast(false, async () => {
    await runNode({ ...args, warn: (l) => process.stderr.write(`warning: ${l}\n`) });
    return 0;
  });
}
