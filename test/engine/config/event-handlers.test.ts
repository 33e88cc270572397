import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig, parseDurationMs, parseEventHandler } from '../../../src/engine/config/index.js';
import { assertIssue, base0, issuesOf } from './helpers.js';

test('event_handlers: exec and url entries with defaults; relative exec paths run in the config file folder', () => {
  const { config } = parseConfig(
    {
      ...base0(),
      event_handlers: [
        { event: 'E_CLUSTERER_REQ_RECEIVED', exec: './where.sh', timeout: '2s', concurrency: 4 },
        { event: ['E_CLUSTERER_NODE_STATE_CHANGED', 'E_CLUSTERER_RPL_RECEIVED'], url: 'http://127.0.0.1:9000/hook', retries: 2, timeout: '1s', filter: { cluster_id: 1 } },
      ],
    },
    { source: '/etc/cl/node.yaml' },
  );
  assert.deepEqual(config.eventHandlers, [
    { kind: 'exec', events: ['E_CLUSTERER_REQ_RECEIVED'], filter: {}, timeoutMs: 2000, concurrency: 4, exec: './where.sh', cwd: '/etc/cl' },
    { kind: 'webhook', events: ['E_CLUSTERER_NODE_STATE_CHANGED', 'E_CLUSTERER_RPL_RECEIVED'], filter: { cluster_id: '1' }, timeoutMs: 1000, concurrency: 4, url: 'http://127.0.0.1:9000/hook', retries: 2 },
  ]);
  assert.equal(parseConfig(base0()).config.eventHandlers, undefined, 'absent unless configured');
  assert.equal(parseEventHandler({ event: '*', exec: 'true' }, '/x').timeoutMs, 5000);
});

test('event_handlers: every problem is reported under event_handlers[i]', () => {
  const issues = issuesOf(() =>
    parseConfig({
      ...base0(),
      event_handlers: [
        { event: 'E_X', exec: 'a', url: 'http://b' },
        { exec: 'a', timeout: 'soon', concurrency: 0 },
        { event: 'lower', url: 'ftp://x', colour: 'red' },
        'E_X',
        { event: 'E_X', exec: 'a', retries: 1 },
      ],
    }),
  );
  assertIssue(issues, 'event_handlers[0]', /exactly one of 'exec'/);
  assertIssue(issues, 'event_handlers[1]', /missing 'event'/);
  assertIssue(issues, 'event_handlers[1]', /'timeout' must be a duration/);
  assertIssue(issues, 'event_handlers[1]', /'concurrency' must be an integer in 1\.\.256/);
  assertIssue(issues, 'event_handlers[2]', /bad event name "lower"/);
  assertIssue(issues, 'event_handlers[2]', /'url' must be an http/);
  assertIssue(issues, 'event_handlers[2]', /unknown property 'colour'/);
  assertIssue(issues, 'event_handlers[3]', /expected a mapping/);
  assertIssue(issues, 'event_handlers[4]', /'retries' applies to 'url' handlers only/);
});

test('durations: 500ms, 2s, 1m, bare seconds', () => {
  assert.deepEqual(['500ms', '2s', '1m', 3, '0.5', 'x', '-1s'].map(parseDurationMs), [500, 2000, 60_000, 3000, 500, undefined, undefined]);
});
