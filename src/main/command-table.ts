import type { AnyCommandDef } from '../cli/definition.js';
import { runFast } from '../cli/fast-runner.js';

type Load = () => Promise<{ default: unknown }>;

/**
 * Every command by its oclif id, loaded on demand: bin/run.js runs the one
 * it is asked for without oclif, and oclif-commands.ts builds oclif's
 * classes from the same list.
 */
export const COMMAND_TABLE: Readonly<Record<string, Load>> = {
  'cluster:list': () => import('../commands/cluster/list.js'),
  'cluster:route': () => import('../commands/cluster/route.js'),
  'cluster:topology': () => import('../commands/cluster/topology.js'),
  'db:init': () => import('../commands/db/init.js'),
  'db:node:add': () => import('../commands/db/node/add.js'),
  'db:node:list': () => import('../commands/db/node/list.js'),
  'db:node:remove': () => import('../commands/db/node/remove.js'),
  'event:subscribe': () => import('../commands/event/subscribe.js'),
  mi: () => import('../commands/mi.js'),
  'msg:broadcast': () => import('../commands/msg/broadcast.js'),
  'msg:mi': () => import('../commands/msg/mi.js'),
  'msg:reply': () => import('../commands/msg/reply.js'),
  'msg:send': () => import('../commands/msg/send.js'),
  'node:remove': () => import('../commands/node/remove.js'),
  'node:set-status': () => import('../commands/node/set-status.js'),
  'node:start': () => import('../commands/node/start.js'),
  'shtag:get': () => import('../commands/shtag/get.js'),
  'shtag:list': () => import('../commands/shtag/list.js'),
  'shtag:set': () => import('../commands/shtag/set.js'),
  'shtag:set-active': () => import('../commands/shtag/set-active.js'),
};

/** The command the words name (longest id first) and the words left for it, or null. */
export function findCommand(argv: string[]): { id: string; rest: string[] } | null {
  for (let n = Math.min(3, argv.length); n >= 1; n--) {
    const id = argv.slice(0, n).join(':');
    if (Object.prototype.hasOwnProperty.call(COMMAND_TABLE, id)) return { id, rest: argv.slice(n) };
  }
  return null;
}

export async function loadCommand(id: string): Promise<AnyCommandDef> {
  const load = COMMAND_TABLE[id];
  if (!load) throw new Error(`no command ${id}`);
  return (await load()).default as AnyCommandDef;
}

/** Every definition, in id order. */
export async function allCommands(): Promise<AnyCommandDef[]> {
  return Promise.all(Object.keys(COMMAND_TABLE).sort().map(loadCommand));
}

/**
 * bin/run.js without oclif (the entry of the dist/cl-cli.cjs bundle): runs
 * the command the words name when they parse; null when they need oclif
 * (help, an unknown command, a usage error to report).
 */
export async function main(argv: string[]): Promise<number | null> {
  const found = findCommand(argv);
  if (!found) return null;
  return runFast(await loadCommand(found.id), found.rest);
}
