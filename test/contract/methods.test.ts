import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { VALIDATORS } from '../../src/client/validators.js';
import { METHODS } from '../../src/contract/index.js';
import { coreMethods } from '../../src/engine/control/core-methods.js';
import { capabilityMethods } from '../../src/engine/control/methods/capabilities.js';
import { clustererMethods } from '../../src/engine/control/methods/clusterer.js';
import { messageMethods } from '../../src/engine/control/methods/messages.js';
import { kvMethods } from '../../src/engine/control/methods/kv.js';
import { shtagMethods } from '../../src/engine/control/methods/shtags.js';
import { statusMethods } from '../../src/engine/control/methods/status.js';
import { repoRoot } from '../helpers/cli.js';

test('the server implements every method of the contract, with its names and parameter sets', () => {
  const served = [...coreMethods, ...clustererMethods, ...shtagMethods, ...messageMethods, ...capabilityMethods, ...kvMethods, ...statusMethods];
  assert.deepEqual(served.map((d) => d.name).sort(), Object.keys(METHODS).sort());
  for (const d of served) {
    const spec = METHODS[d.name as keyof typeof METHODS];
    assert.deepEqual({ module: d.module, short: d.short, paramSets: d.paramSets }, { module: spec.module, short: spec.short, paramSets: spec.paramSets }, d.name);
  }
});

test('every checked result has a validator that names its method in its errors', () => {
  for (const [name, check] of Object.entries(VALIDATORS)) {
    assert.ok(name in METHODS, name);
    assert.throws(() => check(Symbol('x')), { code: 'CL_ERR_BAD_REPLY' }, name);
  }
});

test('the contract is a leaf: it imports nothing but itself', () => {
  const dir = join(repoRoot, 'src', 'contract');
  for (const f of readdirSync(dir)) {
    const imports = [...readFileSync(join(dir, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    assert.deepEqual(imports.filter((i) => !/^\.\/[a-z-]+\.js$/.test(i)), [], f);
  }
});
