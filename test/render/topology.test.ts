import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientError } from '../../src/client/errors.js';
import { asTopology } from '../../src/client/validators.js';
import { renderTopology } from '../../src/render/topology.js';
import { recorded } from '../helpers/mi-replies.js';

test('recorded OpenSIPS topology: local node first and marked, the rest by id, neighbours sorted', () => {
  assert.equal(
    renderTopology(asTopology(recorded('04').reply.result), { color: false }),
    ['cluster 1', '  4 (local) -> 1, 2, 3', '  1         -> 2, 3, 4', '  2         -> 1, 3, 4', '  3         -> 1, 2, 4'].join('\n'),
  );
});

test('a cut link shows as missing neighbours (recorded link-cut topology)', () => {
  const out = renderTopology(asTopology(recorded('106').reply.result), { color: false });
  assert.match(out, /^ {2}2 +-> 1, 4$/m);
  assert.match(out, /^ {2}3 +-> 1, 4$/m);
});

test('several clusters are separated by a blank line; a lonely node has (none)', () => {
  const r = {
    Clusters: [
      { cluster_id: 1, Nodes: [{ node_id: 1, Neighbours: [2] }, { node_id: 2, Neighbours: [1] }] },
      { cluster_id: 2, Nodes: [{ node_id: 1, Neighbours: [] }, { node_id: 12, Neighbours: [] }] },
    ],
  };
  assert.equal(
    renderTopology(asTopology(r), { color: false }),
    'cluster 1\n  1 (local) -> 2\n  2         -> 1\n\ncluster 2\n  1 (local) -> (none)\n  12        -> (none)',
  );
  assert.equal(renderTopology(asTopology({ Clusters: [] }), { color: false }), 'no clusters');
});

test('rendering leaves the reply untouched (--json prints it as received)', () => {
  const r = asTopology({ Clusters: [{ cluster_id: 1, Nodes: [{ node_id: 1, Neighbours: [3, 2] }, { node_id: 3, Neighbours: [1] }, { node_id: 2, Neighbours: [1] }] }] });
  const before = JSON.stringify(r);
  renderTopology(r, { color: true });
  assert.equal(JSON.stringify(r), before);
});

test('with colour the local line is bold; without, no escape codes', () => {
  const r = asTopology(recorded('03').reply.result);
  assert.ok(renderTopology(r, { color: true }).includes('\u001b[1m1 (local)\u001b[22m'));
  assert.ok(!renderTopology(r, { color: false }).includes('\u001b['));
});

test('a malformed reply is a bad reply', () => {
  assert.throws(() => asTopology({ Clusters: [{ cluster_id: 1, Nodes: [{ node_id: 1, Neighbours: ['2'] }] }] }), (e: unknown) => e instanceof ClientError && e.code === 'CL_ERR_BAD_REPLY');
});
