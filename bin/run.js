#!/usr/bin/env node
// Every command runs on its fast runner (src/cli/fast-runner.ts), without
// loading oclif; oclif is loaded only for help, completion, unknown commands
// and the usage errors it reports. Both `cl node start` and the other
// commands run from a bundle with a V8 code cache (scripts/bundle.mjs) when
// it was built.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const help = argv.includes('--help') || argv.includes('-h');
if (!help && argv[0] === 'node' && argv[1] === 'start') {
  const fast = await importBundle('cl-node.cjs', '../dist/src/main/node-start-fast.js');
  const args = fast.parseFastNodeStart(argv.slice(2));
  if (args) {
    process.exitCode = await fast.main(args);
  } else {
    await oclif();
  }
} else if (!help) {
  // The commands that talk to a node run from a bundle without the engine;
  // the local ones (`cl db …`) load their modules.
  const { main } = argv[0] === 'db' ? await import('../dist/src/main/command-table.js') : await importBundle('cl-cli.cjs', '../dist/src/main/node-command-table.js');
  const code = await main(argv);
  // Exit as soon as the answer is printed (stdout/stderr are synchronous for
  // files and pipes) instead of waiting for idle sockets to wind down.
  if (code !== null) process.exit(code);
  await oclif();
} else {
  await oclif();
}

async function oclif() {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}

/** A bundle of dist/ with its code cache (see scripts/bundle.mjs), or its entry module when the bundle was not built. */
async function importBundle(name, entry) {
  const bundle = fileURLToPath(new URL(`../dist/${name}`, import.meta.url));
  if (existsSync(bundle)) {
    const { loadBundle } = await import('../dist/src/cli/bundle-loader.js');
    return loadBundle(bundle).exports;
  }
  return import(entry);
}
