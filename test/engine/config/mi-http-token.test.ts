import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/engine/config/index.js';
import { isLoopback } from '../../../src/engine/config/loopback.js';
import { assertIssue, base0, issuesOf } from './helpers.js';

const TOKEN = 'k3y-0f-at-least-16-chars';

test('mi_http beyond loopback needs mi_http_token; on loopback it is optional', () => {
  assertIssue(issuesOf(() => parseConfig({ ...base0(), mi_http: '0.0.0.0:8888' })), 'mi_http', /reachable from other machines: set mi_http_token/);
  assertIssue(issuesOf(() => parseConfig({ ...base0(), mi_http: '10.1.2.3:8888' })), 'mi_http', /mi_http_token/);
  assert.equal(parseConfig({ ...base0(), mi_http: '127.0.0.1:8888' }).config.miHttpToken, null);
  assert.equal(parseConfig({ ...base0(), mi_http: '0.0.0.0:8888', mi_http_token: TOKEN }).config.miHttpToken, TOKEN);
  assert.equal(parseConfig({ ...base0(), mi_http: '127.0.0.5:8888', mi_http_token: TOKEN }).config.miHttpToken, TOKEN, 'a token on loopback is honoured too');
});

test('a token that is short, has spaces or is not a string is refused, naming its length', () => {
  assertIssue(issuesOf(() => parseConfig({ ...base0(), mi_http_token: 'short' })), 'mi_http_token', /at least 16 characters long, got 5/);
  assertIssue(issuesOf(() => parseConfig({ ...base0(), mi_http_token: 'has a space in it, long enough' })), 'mi_http_token', /without spaces/);
  assertIssue(issuesOf(() => parseConfig({ ...base0(), mi_http_token: 1234567890123456 })), 'mi_http_token', /string/);
});

test('loopback addresses: 127.0.0.0/8, ::1, localhost; nothing else', () => {
  for (const h of ['127.0.0.1', '127.9.8.7', '::1', '[::1]', 'localhost', 'LOCALHOST']) assert.equal(isLoopback(h), true, h);
  for (const h of ['0.0.0.0', '10.0.0.1', '128.0.0.1', '::', 'example.com', '1270.0.0.1']) assert.equal(isLoopback(h), false, h);
});
