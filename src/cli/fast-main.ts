import { findCommand, loadCommand } from './command-table.js';
import { runFast } from './fast-runner.js';

/**
 * bin/run.js without oclif: runs the command the words name when they parse;
 * null when they need oclif (help, an unknown command, a usage error to report).
 */
export async function main(argv: string[]): Promise<number | null> {
  const found = findCommand(argv);
  if (!found) return null;
  return runFast(await loadCommand(found.id), found.rest);
}
