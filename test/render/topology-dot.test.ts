import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asClusterList, asTopology } from '../../src/client/validators.js';
import { renderTopologyDot } from '../../src/render/topology-dot.js';
import { recorded } from '../helpers/mi-replies.js';

test('dot of the recorded link cut seen from node 2: Up links green, the cut link red, the reroute dashed', () => {
  const dot = renderTopologyDot(asTopology(recorded('107').reply.result), asClusterList(recorded('103').reply.result));
  assert.equal(
    dot,
    [
      'graph topology {',
      '  node [shape=circle, fontname="Helvetica"];',
      '  edge [fontname="Helvetica", fontsize=10];',
      '  subgraph "cluster_1" {',
      '    label="cluster 1";',
      '    "c1n1" [label="1"];',
      '    "c1n2" [label="2 (local)", penwidth=2];',
      '    "c1n3" [label="3"];',
      '    "c1n4" [label="4"];',
      '    "c1n1" -- "c1n2" [color=green4];',
      '    "c1n1" -- "c1n3" [color=green4];',
      '    "c1n1" -- "c1n4" [color=green4];',
      '    "c1n2" -- "c1n4" [color=green4];',
      '    "c1n3" -- "c1n4" [color=green4];',
      '    "c1n2" -- "c1n3" [color=red, label="Down"];',
      '    "c1n2" -- "c1n3" [style=dashed, color=gray40, label="via 1"];',
      '  }',
      '}',
    ].join('\n'),
  );
});

test('dot: an unreachable node is dashed and gray; a probed link orange; every Up pair drawn once', () => {
  const top = asTopology({ Clusters: [{ cluster_id: 7, Nodes: [{ node_id: 1, Neighbours: [2] }, { node_id: 2, Neighbours: [1] }, { node_id: 3, Neighbours: [] }] }] });
  const list = asClusterList({
    Clusters: [{ cluster_id: 7, Nodes: [
      { node_id: 2, url: 'bin:127.0.0.2:5566', link_state: 'Up', state: 'enabled', next_hop: '2', description: 'none' },
      { node_id: 3, url: 'bin:127.0.0.3:5566', link_state: 'Probe', state: 'enabled', next_hop: 'none', description: 'none' },
    ] }],
  });
  const dot = renderTopologyDot(top, list);
  assert.match(dot, /"c7n3" \[label="3", style=dashed, color=gray50, fontcolor=gray50\];/);
  assert.match(dot, /"c7n1" -- "c7n3" \[color=orange, label="Probe"\];/);
  assert.equal(dot.match(/"c7n1" -- "c7n2"/g)?.length, 1);
});
