import { runWords, type CommandTable } from './node-command-table.js';

/**
 * The `cl db …` commands: they edit the clusterer table, not a node. They run
 * from their own bundle (dist/cl-db.cjs: the configuration reader and the
 * SQL layer, the drivers loaded when used), without the rest of the engine.
 */
export const DB_COMMANDS: CommandTable = {
  'db:init': () => import('../commands/db/init.js'),
  'db:node:add': () => import('../commands/db/node/add.js'),
  'db:node:list': () => import('../commands/db/node/list.js'),
  'db:node:remove': () => import('../commands/db/node/remove.js'),
};

/** The entry of the dist/cl-db.cjs bundle. */
export const main = (argv: string[]): Promise<number | null> => runWords(DB_COMMANDS, argv);
