import type { AnyCommandDef } from '../cli/definition.js';
import { runFast } from '../cli/fast-runner.js';

export type Load = () => Promise<{ default: unknown }>;
export type CommandTable = Readonly<Record<string, Load>>;

/**
 * The commands that talk to a node, by oclif id, loaded on demand. They are
 * the hot path of scripts: bin/run.js runs them from a bundle of this module
 * (dist/cl-cli.cjs), which holds none of the engine.
 */
export const NODE_COMMANDS: CommandTable = {
  'cap:list': () => import('../commands/cap/list.js'),
  'cap:owner': () => import('../commands/cap/owner.js'),
  'cap:set-status': () => import('../commands/cap/set-status.js'),
  'cap:sync': () => import('../commands/cap/sync.js'),
  'cluster:list': () => import('../commands/cluster/list.js'),
  'cluster:route': () => import('../commands/cluster/route.js'),
  'cluster:topology': () => import('../commands/cluster/topology.js'),
  'event:subscribe': () => import('../commands/event/subscribe.js'),
  'kv:add': () => import('../commands/kv/add.js'),
  'kv:del': () => import('../commands/kv/del.js'),
  'kv:get': () => import('../commands/kv/get.js'),
  'kv:list': () => import('../commands/kv/list.js'),
  'kv:put': () => import('../commands/kv/put.js'),
  mi: () => import('../commands/mi.js'),
  'msg:broadcast': () => import('../commands/msg/broadcast.js'),
  'msg:mi': () => import('../commands/msg/mi.js'),
  'msg:reply': () => import('../commands/msg/reply.js'),
  'msg:send': () => import('../commands/msg/send.js'),
  'node:remove': () => import('../commands/node/remove.js'),
  'node:set-status': () => import('../commands/node/set-status.js'),
  'shtag:get': () => import('../commands/shtag/get.js'),
  'shtag:list': () => import('../commands/shtag/list.js'),
  'shtag:set': () => import('../commands/shtag/set.js'),
  'shtag:set-active': () => import('../commands/shtag/set-active.js'),
};

/** The command the words name in `table` (longest id first) and the words left for it, or null. */
export function findIn(table: CommandTable, argv: string[]): { id: string; rest: string[] } | null {
  for (let n = Math.min(3, argv.length); n >= 1; n--) {
    const id = argv.slice(0, n).join(':');
    if (Object.prototype.hasOwnProperty.call(table, id)) return { id, rest: argv.slice(n) };
  }
  return null;
}

export async function loadFrom(table: CommandTable, id: string): Promise<AnyCommandDef> {
  const load = table[id];
  if (!load) throw new Error(`no command ${id}`);
  return (await load()).default as AnyCommandDef;
}

/**
 * Runs the command of `table` the words name when they parse; null when they
 * need oclif (help, an unknown command, a usage error to report).
 */
export async function runIn(table: CommandTable, argv: string[]): Promise<number | null> {
  const found = findIn(table, argv);
  if (!found) return null;
  return runFast(await loadFrom(table, found.id), found.rest);
}

/** The entry of the dist/cl-cli.cjs bundle: a command that talks to a node. */
export const main = (argv: string[]): Promise<number | null> => runIn(NODE_COMMANDS, argv);
