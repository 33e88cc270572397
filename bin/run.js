#!/usr/bin/env node
// Every command, the help and the usage errors run without oclif: the
// fast runner (src/cli/fast-runner.ts) parses the words from the command
// definitions, the help is rendered from the build's oclif.manifest.json.
// oclif is loaded only when that manifest was not built (help then). Both
// `cl node start` and the other commands run from a bundle with a V8 code
// cache (scripts/bundle.mjs) when it was built.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const help = argv.includes('--help') || argv.includes('-h');
let code = null;
if (!help && argv[0] === 'node' && argv[1] === 'start') {
  const fast = await importBundle('cl-node.cjs', '../dist/src/main/node-start-fast.js');
  code = await fast.run(argv.slice(2));
} else if (!help && argv[0] === 'db') {
  // The local commands load their modules (the database drivers, the configuration).
  const { main } = await importBundle('cl-db.cjs', '../dist/src/main/db-command-table.js');
  code = await main(argv);
} else {
  // The commands that talk to a node, and the help, run from a bundle without the engine.
  const { main } = await importBundle('cl-cli.cjs', '../dist/src/main/node-command-table.js');
  code = await main(argv);
}
// Exit as soon as the answer is printed (stdout/stderr are synchronous for
// files and pipes) instead of waiting for idle sockets to wind down; `node
// start` returns once the node has stopped.
if (code !== null) process.exit(code);
const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });

/** A bundle of dist/ with its code cache (see scripts/bundle.mjs), or its entry module when the bundle was not built. */
async function importBundle(name, entry) {
  const bundle = fileURLToPath(new URL(`../dist/${name}`, import.meta.url));
  if (existsSync(bundle)) {
    const { loadBundle } = await import('../dist/src/cli/bundle-loader.js');
    return loadBundle(bundle).exports;
  }
  return import(entry);
}
