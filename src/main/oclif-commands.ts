import type { Command } from '@oclif/core';
import { allCommands } from './command-table.js';
import { oclifCommand } from '../cli/to-oclif.js';

/**
 * oclif's commands (package.json `oclif.commands`, explicit strategy): one
 * class per definition of command-table.ts, for help, the manifest and
 * completion.
 */
export const COMMANDS: Record<string, typeof Command> = Object.fromEntries((await allCommands()).map((def) => [def.id, oclifCommand(def)]));
