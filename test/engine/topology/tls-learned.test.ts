import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endpointOf, sameEndpoint } from '../../../src/engine/cluster/endpoints.js';
import { CID, logsOf, makeView } from './helpers.js';

describe('nodes learned with a bins: (TLS) URL', () => {
  it('are learned like any other node, URL kept', () => {
    const v = makeView([]);
    const r = v.applyNodeDescription({ kind: 'node_description', clusterId: CID, srcId: 9, url: 'bins:10.0.0.9:5566', sipAddr: '', priority: 50, noPingRetries: 3, path: [9] }, 0);
    assert.equal(r.accepted, true);
    assert.equal(v.getNode(9)?.url, 'bins:10.0.0.9:5566');
    assert.deepEqual(logsOf(r.effects).filter((m) => m.includes('TLS')), []);
  });

  it('have a TLS endpoint: the transport only ever speaks TLS to them', () => {
    assert.deepEqual(endpointOf('bins:10.0.0.9:5566'), { host: '10.0.0.9', port: 5566, tls: true });
    assert.deepEqual(endpointOf('BINS:10.0.0.9'), { host: '10.0.0.9', port: 5556, tls: true });
    assert.deepEqual(endpointOf('bin:10.0.0.9:5566'), { host: '10.0.0.9', port: 5566 });
    assert.equal(sameEndpoint(endpointOf('bins:10.0.0.9:5566')!, endpointOf('bin:10.0.0.9:5566')!), false);
    assert.equal(sameEndpoint(endpointOf('bins:10.0.0.9:5566')!, { host: '10.0.0.9', port: 5566, tls: true }), true);
  });
});
