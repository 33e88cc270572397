import type { AnyCommandDef } from '../cli/definition.js';
import { processIo, reportError } from '../cli/execute.js';
import { runFast } from '../cli/fast-runner.js';
import { commandAt, helpText, loadHelpBook, packageRoot, unknownCommand, wantsHelp } from '../cli/help.js';

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
  completion: () => import('../commands/completion.js'),
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
  'node:drain': () => import('../commands/node/drain.js'),
  'node:remove': () => import('../commands/node/remove.js'),
  'node:set-status': () => import('../commands/node/set-status.js'),
  'node:status': () => import('../commands/node/status.js'),
  'shtag:get': () => import('../commands/shtag/get.js'),
  'shtag:list': () => import('../commands/shtag/list.js'),
  'shtag:set': () => import('../commands/shtag/set.js'),
  'shtag:set-active': () => import('../commands/shtag/set-active.js'),
  'sr:list': () => import('../commands/sr/list.js'),
  'sr:reports': () => import('../commands/sr/reports.js'),
  stats: () => import('../commands/stats.js'),
  status: () => import('../commands/status.js'),
  version: () => import('../commands/version.js'),
};

/** The commands that work locally (the database, starting a node): in command-table.ts, with the engine. */
export const LOCAL_COMMAND_IDS: readonly string[] = ['db:init', 'db:node:add', 'db:node:list', 'db:node:remove', 'node:start'];

/** The command the words name in `table` (longest id first) and the words left for it, or null. */
export function findIn(table: CommandTable, argv: string[]): { id: string; rest: string[] } | null {
  const id = commandAt(Object.keys(table), argv);
  return id === undefined ? null : { id, rest: argv.slice(id.split(':').length) };
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

/**
 * Runs the words: the help (from the build's oclif.manifest.json, none of
 * the commands loaded), a command of `table`, a topic's list of commands,
 * or a usage error for an unknown command. Null when oclif must answer
 * (help without a built manifest) or the command is not in `table`.
 */
export async function runWords(table: CommandTable, argv: string[]): Promise<number | null> {
  const io = processIo();
  const json = argv.includes('--json');
  if (wantsHelp(argv)) {
    const book = loadHelpBook(packageRoot());
    if (!book) return null;
    try {
      process.stdout.write(helpText(book, argv));
      return 0;
    } catch (err) {
      return reportError(err, json, io);
    }
  }
  const code = await runIn(table, argv);
  if (code !== null) return code;
  const ids = [...new Set([...Object.keys(NODE_COMMANDS), ...LOCAL_COMMAND_IDS])];
  if (commandAt(ids, argv) !== undefined) return null;
  const first = argv.findIndex((w) => w.startsWith('-'));
  const words = first < 0 ? argv : argv.slice(0, first);
  // A topic alone (`cl cluster`) lists its commands.
  if (words.length > 0 && ids.some((id) => id.startsWith(`${words.join(':')}:`))) return runWords(table, [...words, '--help']);
  return reportError(unknownCommand(ids, words), json, io);
}

/** Node flags that may come before the command (`cl --node edge2 cluster list`), and whether they take a value. */
const LEADING: ReadonlyMap<string, boolean> = new Map([
  ['-s', true], ['--socket', true], ['--url', true], ['--token', true], ['--timeout', true], ['--node', true], ['--all-nodes', false], ['--json', false],
]);

/** Moves the node flags given before the command words behind them, where the command's parser takes them. */
export function hoistLeadingFlags(argv: readonly string[]): string[] {
  const lead: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const w = argv[i]!;
    const name = w.includes('=') ? w.slice(0, w.indexOf('=')) : w;
    const takes = LEADING.get(name);
    if (takes === undefined) break;
    const n = takes && !w.includes('=') ? 2 : 1;
    lead.push(...argv.slice(i, i + n));
    i += n;
  }
  return lead.length === 0 ? [...argv] : [...argv.slice(i), ...lead];
}

/** The entry of the dist/cl-cli.cjs bundle: the help and the commands that talk to a node. */
export const main = (argv: string[]): Promise<number | null> => runWords(NODE_COMMANDS, hoistLeadingFlags(argv));
