import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repoRoot } from '../helpers/cli.js';
import { checkImports, formatViolation, partCycles, unusedExceptions } from './check.js';
import { readImports } from './imports.js';
import { RULES } from './rules.js';

const edges = readImports(repoRoot, 'src');

test('the import reader sees the imports of src/', () => {
  assert.ok(edges.length > 300, `only ${edges.length} imports read`);
  assert.ok(edges.some((e) => e.from === 'src/engine/node.ts' && e.to === 'src/engine/cluster/clusterer.ts'));
});

test('every import of src/ follows the layer rules (docs/architecture.md)', () => {
  assert.deepEqual(checkImports(edges, RULES).map(formatViolation), []);
});

test('no cycle between the parts of src/', () => {
  assert.deepEqual(partCycles(edges, RULES), []);
});

test('every listed exception is still used (remove the ones that are not)', () => {
  assert.deepEqual(unusedExceptions(edges, RULES), []);
});
