import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientError } from '../../src/client/errors.js';
import { asRoute } from '../../src/client/validators.js';
import { formatAge, renderRoute, type RouteResult } from '../../src/render/route.js';

const twoHops: RouteResult = {
  cluster_id: 1,
  node_id: 2,
  reachable: true,
  path: [1, 3, 2],
  hops: 2,
  next_hop: 3,
  reason: 'fewest hops (2), then lowest priority (10 < 50)',
  links: [
    { from: 1, to: 3, link: 'Up', last_pong_ms_ago: 120, priority: 10 },
    { from: 3, to: 2, link: 'Up (reported by node 3)', last_pong_ms_ago: null, priority: 3 },
  ],
  alternatives: [{ first_hop: 4, hops: 2, priority: 50 }],
};

test('path with hop count, hop table, reason and alternatives', () => {
  assert.equal(
    renderRoute(twoHops, { color: false }),
    [
      '1 -> 3 -> 2 (2 hops)',
      '',
      'FROM  TO  LINK                     LAST PONG   PRIORITY',
      '1     3   Up                       120 ms ago  10',
      '3     2   Up (reported by node 3)  -           3',
      '',
      'next hop 3: fewest hops (2), then lowest priority (10 < 50)',
      'alternatives: via 4 (2 hops, priority 50)',
    ].join('\n'),
  );
});

test('a direct link is one hop, without an alternatives line', () => {
  const direct: RouteResult = {
    cluster_id: 1, node_id: 3, reachable: true, path: [2, 3], hops: 1, next_hop: 3, reason: 'direct Up link',
    links: [{ from: 2, to: 3, link: 'Probe', last_pong_ms_ago: 2500, priority: null }], alternatives: [],
  };
  const out = renderRoute(direct, { color: false });
  assert.match(out, /^2 -> 3 \(1 hop\)$/m);
  assert.match(out, /^2 +3 +Probe +2\.5 s ago +-$/m);
  assert.ok(out.endsWith('next hop 3: direct Up link'));
  assert.ok(renderRoute(direct, { color: true }).includes('\u001b[33mProbe\u001b[39m'));
});

test('unreachable: one line with the reason', () => {
  const r: RouteResult = { cluster_id: 1, node_id: 3, reachable: false, path: [], hops: -1, next_hop: null, reason: 'no path', links: [], alternatives: [] };
  assert.equal(renderRoute(r, { color: true }), 'node 3 is unreachable: no path');
});

test('ages: milliseconds under a second, then tenths of seconds', () => {
  assert.equal(formatAge(null), '-');
  assert.equal(formatAge(0), '0 ms ago');
  assert.equal(formatAge(999), '999 ms ago');
  assert.equal(formatAge(61_049), '61.0 s ago');
});

test('asRoute accepts the reply and rejects other shapes', () => {
  assert.equal(asRoute(twoHops), twoHops);
  for (const bad of ['OK', {}, { ...twoHops, reachable: 'yes' }, { ...twoHops, links: undefined }]) {
    assert.throws(() => asRoute(bad), (e: unknown) => e instanceof ClientError && e.code === 'CL_ERR_BAD_REPLY');
  }
});
