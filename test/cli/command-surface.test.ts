import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCommands, COMMAND_TABLE } from '../../src/main/command-table.js';
import { commandSurface } from '../../src/cli/surface.js';
import { repoRoot } from '../helpers/cli.js';

const SNAPSHOT = join(repoRoot, 'test', 'fixtures', 'command-surface.json');
const UPDATE = 'CL_UPDATE_COMMAND_SURFACE';

test('the command surface (ids, args, flags) is the one committed in test/fixtures/command-surface.json', async () => {
  const defs = await allCommands();
  assert.deepEqual(defs.map((d) => d.id), Object.keys(COMMAND_TABLE).sort(), 'each definition has the id it is listed under');
  const now = `${JSON.stringify(commandSurface(defs), null, 1)}\n`;
  if (process.env[UPDATE] === '1') writeFileSync(SNAPSHOT, now);
  const committed = readFileSync(SNAPSHOT, 'utf8');
  assert.deepEqual(
    JSON.parse(now),
    JSON.parse(committed),
    `the commands' args or flags changed; scripts may rely on them. If the change is deliberate, update the snapshot with ` +
      `\`npm run build && ${UPDATE}=1 node scripts/run-tests.mjs command-surface\`, commit test/fixtures/command-surface.json, ` +
      'and update the man pages and README',
  );
});
