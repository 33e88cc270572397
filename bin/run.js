#!/usr/bin/env node
// `cl mi …`, `cl shtag get` and `cl cluster list` are the hot paths of shell
// scripts and `cl node start` the one of (re)starting nodes: they skip the
// command framework when they can.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const help = argv.includes('--help') || argv.includes('-h');
if (argv[0] === 'mi' && !help) {
  const { main } = await import('../dist/src/cli/mi-fast.js');
  // Exit as soon as the answer is printed (stdout/stderr are synchronous for
  // files and pipes) instead of waiting for idle sockets to wind down.
  process.exit(await main(argv.slice(1)));
} else if (!help && (await fastCommand(`${argv[0]} ${argv[1]}`, argv.slice(2)))) {
  // done
} else {
  const fast = argv[0] === 'node' && argv[1] === 'start' && !help ? await importNodeStart() : null;
  const args = fast?.parseFastNodeStart(argv.slice(2));
  if (fast && args) {
    process.exitCode = await fast.main(args);
  } else {
    const { execute } = await import('@oclif/core');
    await execute({ dir: import.meta.url });
  }
}

/** The bundled `node start` with its code cache (see scripts/bundle.mjs), or its modules when the bundle was not built. */
async function importNodeStart() {
  const bundle = fileURLToPath(new URL('../dist/cl-node.cjs', import.meta.url));
  if (existsSync(bundle)) {
    const { loadBundle } = await import('../dist/src/cli/bundle-loader.js');
    return loadBundle(bundle).exports;
  }
  return import('../dist/src/cli/node-start-fast.js');
}

/** Runs a command on its fast path (src/cli/*-fast.ts); false when there is none or its arguments need the full command. */
async function fastCommand(name, rest) {
  const entry = {
    'shtag get': ['shtag-get-fast.js', 'parseFastShtagGet'],
    'cluster list': ['cluster-list-fast.js', 'parseFastClusterList'],
  }[name];
  if (!entry) return false;
  const fast = await import(`../dist/src/cli/${entry[0]}`);
  const args = fast[entry[1]](rest);
  if (!args) return false;
  // As for `cl mi`: exit as soon as the answer is printed.
  process.exit(await fast.main(args));
}
