#!/usr/bin/env node
// `cl mi …` is the hot path of shell scripts: it skips the command framework.
const argv = process.argv.slice(2);
if (argv[0] === 'mi' && !argv.includes('--help') && !argv.includes('-h')) {
  const { main } = await import('../dist/src/cli/mi-fast.js');
  // Exit as soon as the answer is printed (stdout/stderr are synchronous for
  // files and pipes) instead of waiting for idle sockets to wind down.
  process.exit(await main(argv.slice(1)));
} else {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}
