import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endpointOf } from '../../../src/engine/cluster/endpoints.js';
import { CID, logsOf, makeView } from './helpers.js';

describe('nodes learned with a bins: (TLS) URL', () => {
  it('are learned with a warning', () => {
    const v = makeView([]);
    const r = v.applyNodeDescription({ kind: 'node_description', clusterId: CID, srcId: 9, url: 'bins:10.0.0.9:5566', sipAddr: '', priority: 50, noPingRetries: 3, path: [9] }, 0);
    assert.equal(r.accepted, true);
    assert.ok(logsOf(r.effects).includes('node [9] in cluster [1] has a TLS (bins:) URL bins:10.0.0.9:5566; TLS is not supported yet, it is never contacted directly'));
    const plain = v.applyNodeDescription({ kind: 'node_description', clusterId: CID, srcId: 8, url: 'bin:10.0.0.8:5566', sipAddr: '', priority: 50, noPingRetries: 3, path: [8] }, 0);
    assert.deepEqual(logsOf(plain.effects).filter((m) => m.includes('TLS')), []);
  });

  it('have no endpoint: nothing is ever sent to them in plain text', () => {
    assert.equal(endpointOf('bins:10.0.0.9:5566'), null);
    assert.equal(endpointOf('BINS:10.0.0.9'), null);
    assert.deepEqual(endpointOf('bin:10.0.0.9:5566'), { host: '10.0.0.9', port: 5566 });
  });
});
