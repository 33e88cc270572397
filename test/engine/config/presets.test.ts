import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig, TIMING_PRESETS } from '../../../src/engine/config/index.js';
import { assertIssue, base0, issuesOf } from './helpers.js';

test('timing_preset sets the defaults of the three heartbeat parameters; the engine gets them in ms', () => {
  const { config } = parseConfig({ ...base0(), timing_preset: 'local' });
  assert.equal(config.timingPreset, 'local');
  assert.deepEqual([config.pingInterval, config.pingTimeout, config.nodeTimeout], [1, 500, 10]);
  assert.equal(config.timers.pingIntervalMs, 1000);
  assert.equal(config.timers.pingTimeoutMs, 500);
  assert.equal(config.timers.nodeTimeoutMs, 10_000);
  const t = parseConfig({ ...base0(), timing_preset: 'test' }).config;
  assert.deepEqual([t.pingInterval, t.pingTimeout, t.nodeTimeout], [TIMING_PRESETS.test.ping_interval, TIMING_PRESETS.test.ping_timeout, TIMING_PRESETS.test.node_timeout]);
});

test('a parameter set explicitly wins over its preset; the preset changes nothing but timings', () => {
  const plain = parseConfig(base0()).config;
  const { config } = parseConfig({ ...base0(), timing_preset: 'local', ping_timeout: 300 });
  assert.deepEqual([config.pingInterval, config.pingTimeout, config.nodeTimeout], [1, 300, 10]);
  const strip = (c: typeof config) => {
    const { timingPreset, timers, pingInterval, pingTimeout, nodeTimeout, ...rest } = c;
    void [timingPreset, timers, pingInterval, pingTimeout, nodeTimeout];
    return rest;
  };
  assert.deepEqual(strip(config), strip(plain));
});

test('an unknown preset is a configuration error that lists the known ones', () => {
  assertIssue(issuesOf(() => parseConfig({ ...base0(), timing_preset: 'fast' })), 'timing_preset', /must be one of default, local, test/);
});
