#!/usr/bin/env node
// Every command, the help and the usage errors run without oclif: the
// fast runner (src/cli/fast-runner.ts) parses the words from the command
// definitions, the help is rendered from the build's oclif.manifest.json.
// oclif is loaded only when that manifest was not built (help then). Both
// `cl node start` and the other commands run from a bundle with a V8 code
// cache (scripts/bundle.mjs) when it was built. This file is CommonJS
// (bin/package.json): an ES module entry costs Node's module loader about
// 15 ms more at every start.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const dist = join(__dirname, '..', 'dist');

/** A bundle of dist/ with its code cache (see scripts/bundle.mjs), or its entry module when the bundle was not built. */
async function importBundle(name, entry) {
  const bundle = join(dist, name);
  const loader = join(dist, 'bundle-loader.cjs');
  if (existsSync(bundle) && existsSync(loader)) return require(loader).loadBundle(bundle).exports;
  return import(pathToFileURL(join(dist, entry)).href);
}

async function main() {
  const argv = process.argv.slice(2);
  const help = argv.includes('--help') || argv.includes('-h');
  let code = null;
  if (!help && argv[0] === 'node' && argv[1] === 'start') {
    const fast = await importBundle('cl-node.cjs', 'src/main/node-start-fast.js');
    code = await fast.run(argv.slice(2));
  } else if (!help && argv[0] === 'db') {
    // The local commands load their modules (the database drivers, the configuration).
    const { main: run } = await importBundle('cl-db.cjs', 'src/main/db-command-table.js');
    code = await run(argv);
  } else {
    // The commands that talk to a node, and the help, run from a bundle without the engine.
    const { main: run } = await importBundle('cl-cli.cjs', 'src/main/node-command-table.js');
    code = await run(argv);
  }
  // Exit as soon as the answer is printed (stdout/stderr are synchronous for
  // files and pipes) instead of waiting for idle sockets to wind down; `node
  // start` returns once the node has stopped.
  if (code !== null) process.exit(code);
  const { execute } = await import('@oclif/core');
  // The package's root, not this folder (bin/package.json only makes this file CommonJS).
  await execute({ dir: pathToFileURL(join(__dirname, '..', 'package.json')).href });
}

main().catch((err) => {
  process.stderr.write(`error: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
