import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { targets } from '../../helpers/fuzz-targets.js';
import { repoRoot } from '../../helpers/cli.js';

const dir = join(repoRoot, 'test', 'fixtures', 'fuzz');

test('every input the fuzzer ever found (test/fixtures/fuzz) decodes to a WireError or to a packet that re-encodes the same', () => {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bin')) : [];
  for (const f of files) assert.equal(targets.run(readFileSync(join(dir, f))), undefined, f);
  // Every decoder is reachable from the selector byte.
  for (let i = 0; i < targets.count; i++) assert.equal(targets.run(Buffer.from([i])), undefined, `decoder ${i} on an empty input`);
});
