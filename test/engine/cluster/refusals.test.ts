import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Refusals, REFUSAL_LOG_WINDOW_MS } from '../../../src/engine/cluster/refusals.js';
import { createLogger, type LogRecord } from '../../../src/engine/log.js';
import { StatsRegistry } from '../../../src/engine/stats/registry.js';

test('every refusal is counted; each source and reason is logged once per minute; a reload reports afresh', () => {
  let now = 0;
  const logs: LogRecord[] = [];
  const stats = new StatsRegistry();
  const r = new Refusals(stats, createLogger('debug', (x) => logs.push(x)), () => now);
  for (let i = 0; i < 100; i++) r.note('join_policy', '10.0.0.9', 'refusing 10.0.0.9');
  r.note('join_policy', '10.0.0.8', 'refusing 10.0.0.8');
  r.note('non_member', '10.0.0.9', 'not a member');
  assert.equal(stats.read(['bin:refused_join_policy'])['bin:refused_join_policy'], 101);
  assert.equal(stats.read(['bin:refused_non_member'])['bin:refused_non_member'], 1);
  assert.deepEqual(logs.map((l) => l.msg), ['refusing 10.0.0.9', 'refusing 10.0.0.8', 'not a member']);
  now = REFUSAL_LOG_WINDOW_MS;
  r.note('join_policy', '10.0.0.9', 'refusing 10.0.0.9');
  assert.equal(logs.at(-1)!.msg, 'refusing 10.0.0.9 (99 more since the last report)');
  r.note('join_policy', '10.0.0.9', 'refusing 10.0.0.9');
  assert.equal(logs.length, 4);
  r.forget();
  r.note('join_policy', '10.0.0.9', 'refusing 10.0.0.9');
  assert.equal(logs.length, 5);
});
