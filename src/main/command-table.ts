import type { AnyCommandDef } from '../cli/definition.js';
import { DB_COMMANDS } from './db-command-table.js';
import { findIn, loadFrom, NODE_COMMANDS, runWords, type CommandTable } from './node-command-table.js';

/**
 * Every command by its oclif id, loaded on demand: bin/run.js runs the one
 * it is asked for without oclif, and oclif-commands.ts builds oclif's
 * classes from the same list. The commands that work locally (the database,
 * starting a node) load the engine; the others are in NODE_COMMANDS.
 */
export const COMMAND_TABLE: CommandTable = {
  ...NODE_COMMANDS,
  ...DB_COMMANDS,
  'node:start': () => import('../commands/node/start.js'),
};

/** The command the words name (longest id first) and the words left for it, or null. */
export function findCommand(argv: string[]): { id: string; rest: string[] } | null {
  return findIn(COMMAND_TABLE, argv);
}

export function loadCommand(id: string): Promise<AnyCommandDef> {
  return loadFrom(COMMAND_TABLE, id);
}

/** Every definition, in id order. */
export async function allCommands(): Promise<AnyCommandDef[]> {
  return Promise.all(Object.keys(COMMAND_TABLE).sort().map(loadCommand));
}

/**
 * bin/run.js without oclif: runs the command the words name when they parse;
 * null when they need oclif (help, an unknown command, a usage error to report).
 */
export function main(argv: string[]): Promise<number | null> {
  return runWords(COMMAND_TABLE, argv);
}
