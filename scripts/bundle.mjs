#!/usr/bin/env node
// Bundles the `cl node start` entry point (dist/src/main/node-start-fast.js
// and everything it imports, the YAML parser included) into one CommonJS
// file, dist/cl-node.cjs, and the runner of the commands that talk to a node
// (dist/src/main/node-command-table.js and their definitions, none of the
// engine) into dist/cl-cli.cjs, and the `cl db` commands into dist/cl-db.cjs. bin/run.js runs them with src/cli/bundle-loader.ts and
// V8's code cache (scripts/code-cache.mjs): a process then starts sooner
// than when it loads dozens of modules one by one. Database drivers stay
// external (required lazily, only when configured). Run after tsc.
import { build } from 'esbuild';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = (entry, outfile, external = []) => build({
  entryPoints: [join(root, entry)],
  outfile: join(root, outfile),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['better-sqlite3', 'pg', 'mysql2', ...external],
  // The lazily loaded drivers become plain require() calls: the bundle runs
  // in a vm.Script, which has no loader for import().
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': 'import_meta_url' },
  banner: { js: '"use strict";\nvar import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  // A code cache is used only with the build it was made for (src/cli/bundle-loader.ts).
  footer: { js: `//# cl-build-id ${randomUUID()}` },
  // yaml's Node build loads its parts with require(); its ESM build bundles cleanly.
  alias: external.includes('yaml') ? {} : { yaml: join(root, 'node_modules/yaml/browser/index.js') },
  minifyWhitespace: true,
  logLevel: 'warning',
});
await bundle('dist/src/main/node-start-fast.js', 'dist/cl-node.cjs');
// The YAML parser is needed only to read the client configuration (--node, --all-nodes): loaded then, from node_modules.
await bundle('dist/src/main/node-command-table.js', 'dist/cl-cli.cjs', ['yaml']);
// `cl db …`: the commands of the clusterer table, with the configuration
// reader and the SQL layer (the drivers stay external). The configuration
// reader, YAML included, is loaded only for `-c node.yaml` (src/cli/db-target.ts).
await bundle('dist/src/main/db-command-table.js', 'dist/cl-db.cjs', ['yaml']);
// The loader of these bundles, for bin/run.js (CommonJS: it cannot require dist/'s ES modules).
await build({ entryPoints: [join(root, 'dist/src/cli/bundle-loader.js')], outfile: join(root, 'dist/bundle-loader.cjs'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
