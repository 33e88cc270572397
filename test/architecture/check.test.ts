import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkImports, partCycles, partOf, unusedExceptions } from './check.js';
import { importsOfText, type ImportEdge } from './imports.js';
import { RULES, type Rules } from './rules.js';

const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, spec: to, typeOnly, line: 1 });
const rulesOf = (edges: ImportEdge[], rules: Rules = RULES): string[] => checkImports(edges, rules).map((v) => v.rule);

test('partOf: engine folders and files, top folders of src', () => {
  assert.equal(partOf('src/engine/config/schema.ts'), 'src/engine/config/');
  assert.equal(partOf('src/engine/provisioning/drivers/sqlite.ts'), 'src/engine/provisioning/');
  assert.equal(partOf('src/engine/errors.ts'), 'src/engine/errors.ts');
  assert.equal(partOf('src/commands/db/node/add.ts'), 'src/commands/');
  assert.equal(partOf('test/x.ts'), undefined);
});

test('importsOfText: static, type-only, multi-line, re-exports, dynamic and type imports; comments are not imports', () => {
  const text = [
    "import { a } from './a.js';",
    "import type { B } from '../b.js';",
    "import { type C, type D } from './c.js';",
    'export {',
    '  e,',
    "} from './e.js';",
    "// import { x } from './commented.js';",
    "const m = await import('./lazy.js');",
    "type T = typeof import('node:net');",
    "import chalk from 'chalk';",
  ].join('\n');
  const got = importsOfText('/nonexistent', 'src/engine/x/f.ts', text).map((e) => [e.to, e.typeOnly, e.line]);
  assert.deepEqual(got, [
    ['src/engine/x/a.ts', false, 1],
    ['src/engine/b.ts', true, 2],
    ['src/engine/x/c.ts', true, 3],
    ['src/engine/x/e.ts', false, 4],
    ['src/engine/x/lazy.ts', false, 8],
    ['node:net', true, 9],
    ['chalk', false, 10],
  ]);
});

test('engine layers: downward and same-folder imports pass', () => {
  assert.deepEqual(
    rulesOf([
      edge('src/engine/cluster/a.ts', 'src/engine/topology/index.ts'),
      edge('src/engine/cluster/a.ts', 'src/engine/cluster/b.ts'),
      edge('src/engine/config/a.ts', 'src/engine/log.ts'),
      edge('src/engine/control/a.ts', 'src/engine/shtags/index.ts'),
      edge('src/engine/node.ts', 'src/engine/control/server.ts'),
      edge('src/engine/wire/a.ts', 'node:buffer'),
    ]),
    [],
  );
});

test('engine layers: an import upward fails, type-only too', () => {
  assert.deepEqual(rulesOf([edge('src/engine/config/schema.ts', 'src/engine/control/paths.ts')]), [
    'src/engine/config/ (foundation) imports src/engine/control/ (control, a layer above)',
  ]);
  assert.deepEqual(rulesOf([edge('src/engine/wire/a.ts', 'src/engine/topology/b.ts', true)]), [
    'src/engine/wire/ (wire) imports src/engine/topology/ (topology, a layer above) (type-only imports count too)',
  ]);
  assert.equal(rulesOf([edge('src/engine/cluster/a.ts', 'src/engine/node.ts')]).length, 1, 'the composition root is the top');
});

test('engine layers: siblings do not import each other unless excepted', () => {
  assert.deepEqual(rulesOf([edge('src/engine/shtags/a.ts', 'src/engine/messages/b.ts')]), [
    'src/engine/shtags/ and src/engine/messages/ are siblings in layer features, which do not import each other',
  ]);
  assert.deepEqual(rulesOf([edge('src/engine/sync/a.ts', 'src/engine/capabilities/b.ts')]).length, 1, 'folders to come are in the table');
  assert.deepEqual(rulesOf([edge('src/engine/shtags/a.ts', 'src/engine/events/bus.ts')]), [], 'listed exception');
  assert.deepEqual(rulesOf([edge('src/engine/shtags/a.ts', 'src/engine/events/handlers.ts')]).length, 1, 'an exception names one file');
});

test('engine: a folder in no layer fails; the engine never imports the CLI folders or packages', () => {
  assert.deepEqual(rulesOf([edge('src/engine/newthing/a.ts', 'src/engine/errors.ts')]), [
    'src/engine/newthing/ is in no layer of the table in test/architecture/rules.ts',
  ]);
  for (const top of ['cli', 'commands', 'render', 'client']) {
    assert.deepEqual(rulesOf([edge('src/engine/node.ts', `src/${top}/x.ts`)]), [`the engine never imports src/${top}/`]);
  }
  assert.deepEqual(rulesOf([edge('src/engine/events/a.ts', '@oclif/core')]), ['the engine never imports the CLI package @oclif/core']);
  assert.deepEqual(rulesOf([edge('src/engine/events/a.ts', 'chalk')]), ['the engine never imports the CLI package chalk']);
});

test('outside the engine: client, render, cli and commands', () => {
  assert.deepEqual(rulesOf([edge('src/client/a.ts', 'src/render/b.ts')]), ['src/client/ may import only src/contract/, foundation']);
  assert.deepEqual(rulesOf([edge('src/client/a.ts', 'src/commands/b.ts')]), ['src/client/ may import only src/contract/, foundation']);
  assert.deepEqual(rulesOf([edge('src/client/a.ts', 'src/cli/b.ts')]), ['src/client/ may import only src/contract/, foundation']);
  assert.deepEqual(rulesOf([edge('src/client/a.ts', 'src/engine/shtags/tag-ref.ts')]), ['src/client/ may import only src/contract/, foundation']);
  assert.deepEqual(rulesOf([edge('src/client/a.ts', 'src/engine/common/tag-ref.ts'), edge('src/client/a.ts', 'src/engine/errors.ts')]), []);
  assert.deepEqual(rulesOf([edge('src/render/a.ts', 'src/commands/b.ts')]), ['src/render/ may import only src/contract/, src/client/, engine']);
  assert.deepEqual(rulesOf([edge('src/render/a.ts', 'src/cli/b.ts')]), ['src/render/ may import only src/contract/, src/client/, engine']);
  assert.deepEqual(rulesOf([edge('src/cli/a.ts', 'src/commands/b.ts')]).length, 1);
  assert.deepEqual(rulesOf([edge('src/commands/db/node/add.ts', 'src/commands/db/init.ts')]), ['a command file never imports another command file']);
  assert.deepEqual(rulesOf([edge('src/newtop/a.ts', 'src/cli/b.ts')]), ['src/newtop/ is not in the table in test/architecture/rules.ts']);
  assert.deepEqual(rulesOf([edge('src/commands/a.ts', 'src/cli/b.ts'), edge('src/cli/a.ts', 'src/engine/node.ts')]), []);
});

test('the control contract: the control layer and the client import it; it imports only the foundation', () => {
  assert.deepEqual(
    rulesOf([
      edge('src/engine/control/server.ts', 'src/contract/index.ts'),
      edge('src/client/shtags.ts', 'src/contract/index.ts'),
      edge('src/render/shtags.ts', 'src/contract/index.ts'),
      edge('src/contract/errors.ts', 'src/engine/errors.ts'),
    ]),
    [],
  );
  assert.deepEqual(rulesOf([edge('src/engine/shtags/a.ts', 'src/contract/index.ts')]), ['src/contract/ is imported in the engine only by control, composition root']);
  assert.deepEqual(rulesOf([edge('src/contract/a.ts', 'src/engine/cluster/api.ts')]), ['src/contract/ may import only foundation']);
  assert.deepEqual(rulesOf([edge('src/contract/a.ts', 'src/client/errors.ts')]), ['src/contract/ may import only foundation']);
});

test('cycles between parts are reported with the imports that make them', () => {
  assert.deepEqual(partCycles([edge('src/client/a.ts', 'src/render/b.ts'), edge('src/render/b.ts', 'src/client/c.ts')], RULES), [
    "cycle between src/client/, src/render/: src/client/ → src/render/ (src/client/a.ts:1 'src/render/b.ts'); src/render/ → src/client/ (src/render/b.ts:1 'src/client/c.ts')",
  ]);
  const three = partCycles(
    [edge('src/engine/config/a.ts', 'src/engine/stats/b.ts'), edge('src/engine/stats/b.ts', 'src/engine/status/c.ts'), edge('src/engine/status/c.ts', 'src/engine/config/d.ts')],
    RULES,
  );
  assert.equal(three.length, 1, 'peers that may import each other still may not form a cycle');
  assert.match(three[0]!, /src\/engine\/config\/ → src\/engine\/stats\/ .*; src\/engine\/stats\/ → src\/engine\/status\/ .*; src\/engine\/status\/ → src\/engine\/config\//);
  const rules: Rules = { ...RULES, exceptions: [{ from: 'src/engine/node/b.ts', to: 'src/engine/node.ts', reason: 'made up' }] };
  assert.deepEqual(partCycles([edge('src/engine/node.ts', 'src/engine/node/a.ts'), edge('src/engine/node/b.ts', 'src/engine/node.ts')], rules), [], 'an excepted import');
  assert.equal(partCycles([edge('src/engine/node.ts', 'src/engine/node/a.ts'), edge('src/engine/node/c.ts', 'src/engine/node.ts')], rules).length, 1);
  assert.deepEqual(partCycles([edge('src/engine/cluster/a.ts', 'src/engine/topology/b.ts'), edge('src/engine/cluster/c.ts', 'src/engine/cluster/d.ts')], RULES), []);
});

test('an exception no import uses is reported', () => {
  const rules: Rules = { ...RULES, exceptions: [{ from: 'src/engine/wire/', to: 'src/engine/log.ts', reason: 'made up' }] };
  assert.deepEqual(unusedExceptions([edge('src/engine/wire/a.ts', 'src/engine/errors.ts')], rules), rules.exceptions);
  assert.deepEqual(unusedExceptions([edge('src/engine/wire/a.ts', 'src/engine/log.ts')], rules), []);
});
