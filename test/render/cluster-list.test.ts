import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientError } from '../../src/client/errors.js';
import { asClusterList } from '../../src/client/validators.js';
import { renderClusterList } from '../../src/render/cluster-list.js';
import { selectCluster } from '../../src/render/reply.js';
import { recorded } from '../helpers/mi-replies.js';

const ESC = '\u001b[';

test('renders the recorded OpenSIPS clusterer_list reply as a table, in reply order', () => {
  const result = asClusterList(recorded('01').reply.result);
  assert.equal(
    renderClusterList(result, { color: false }),
    [
      'CLUSTER  NODE  URL                 LINK  STATE    NEXT HOP  DESCRIPTION',
      '1        4     bin:127.0.0.4:5566  Up    enabled  4         none',
      '1        3     bin:127.0.0.3:5566  Up    enabled  3         none',
      '1        2     bin:127.0.0.2:5566  Up    enabled  2         none',
    ].join('\n'),
  );
});

const mixed = {
  Clusters: [
    {
      cluster_id: 1,
      Nodes: [
        { node_id: 2, db_id: -1, url: 'bin:10.0.0.2:5566', link_state: 'Up', state: 'enabled', next_hop: '2', description: 'edge' },
        { node_id: 3, db_id: -1, url: 'bin:10.0.0.3:5566', link_state: 'Down', state: 'enabled', next_hop: '2', description: 'none' },
      ],
    },
    { cluster_id: 7, Nodes: [{ node_id: 9, db_id: 4, url: 'bin:10.0.0.9:5566', link_state: 'Probe', state: 'disabled', next_hop: 'none', description: 'none' }] },
  ],
};

test('several clusters, every link state; no escape codes without colour', () => {
  const out = renderClusterList(asClusterList(mixed), { color: false });
  assert.equal(out.split('\n').length, 4);
  assert.match(out, /^1 +3 +bin:10\.0\.0\.3:5566 +Down +enabled +2 +none$/m);
  assert.match(out, /^7 +9 +bin:10\.0\.0\.9:5566 +Probe +disabled +none +none$/m);
  assert.ok(!out.includes(ESC));
  assert.ok(out.split('\n').every((l) => l === l.trimEnd()), 'no trailing blanks');
});

test('with colour: Up green, Probe yellow, Down red; columns stay aligned', () => {
  const out = renderClusterList(asClusterList(mixed), { color: true });
  assert.ok(out.includes(`${ESC}32mUp${ESC}39m`));
  assert.ok(out.includes(`${ESC}33mProbe${ESC}39m`));
  assert.ok(out.includes(`${ESC}31mDown${ESC}39m`));
  const plain = out.replace(/\u001b\[\d+m/g, '');
  assert.equal(plain, renderClusterList(asClusterList(mixed), { color: false }));
});

test('empty replies say so instead of printing a bare header', () => {
  assert.equal(renderClusterList(asClusterList({ Clusters: [] }), { color: false }), 'no clusters');
  assert.equal(renderClusterList(asClusterList({ Clusters: [{ cluster_id: 1, Nodes: [] }] }), { color: false }), 'cluster 1: no other nodes known');
});

test('--cluster keeps one cluster; an unknown one names the known ones', () => {
  const r = asClusterList(mixed);
  assert.deepEqual(selectCluster(r, 7).Clusters.map((c) => c.cluster_id), [7]);
  assert.equal(selectCluster(r, undefined), r);
  assert.throws(() => selectCluster(r, 5), (e: unknown) => e instanceof Error && (e as { code?: string }).code === 'CL_ERR_UNKNOWN_CLUSTER' && /1, 7/.test(e.message));
});

test('a reply of another shape is a bad reply (exit 8), not a crash', () => {
  for (const bad of [null, 'OK', { Clusters: 3 }, { Clusters: [{ Nodes: [] }] }, { Clusters: [{ cluster_id: 1, Nodes: [{ node_id: '2' }] }] }]) {
    assert.throws(() => asClusterList(bad), (e: unknown) => e instanceof ClientError && e.code === 'CL_ERR_BAD_REPLY');
  }
});
