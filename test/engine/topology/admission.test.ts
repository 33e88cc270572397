import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCidr } from '../../../src/engine/config/index.js';
import { admit, DEFAULT_ADMISSION, isRefusal } from '../../../src/engine/topology/admission.js';
import { ClusterView } from '../../../src/engine/topology/cluster-view.js';
import { learnedExpiryMs } from '../../../src/engine/topology/timers.js';
import { CID, NOW, T, desc, url } from './helpers.js';

const reason = (r: ReturnType<typeof admit>): string => (isRefusal(r) ? r.reason : 'ok');

describe('admission of learned nodes', () => {
  it('refuses ids outside 1..2^31-1, URLs the configuration parser refuses, past the node limit, and outside the join policy', () => {
    const nets = { policy: { kind: 'networks' as const, networks: [parseCidr('10.0.0.0/24')] }, maxNodes: 4 };
    assert.equal(reason(admit(CID, 0, url(2), 0, DEFAULT_ADMISSION)), 'bad_id');
    assert.equal(reason(admit(CID, -7, url(2), 0, DEFAULT_ADMISSION)), 'bad_id');
    for (const bad of ['bin:127.0.0.`:5566', 'pin:127.0.0.4:5566', 'bin:127.0.Z.4:5566', 'bin:127.0.0.2:55y6', '']) {
      assert.equal(reason(admit(CID, 9, bad, 0, DEFAULT_ADMISSION)), 'bad_url', bad);
    }
    assert.equal(reason(admit(CID, 9, url(9), 4, nets)), 'cluster_full');
    assert.equal(reason(admit(CID, 9, 'bin:10.0.1.9:5566', 0, nets)), 'join_policy');
    assert.equal(reason(admit(CID, 9, 'bin:10.0.0.9:5566', 0, { ...nets, policy: { kind: 'known' } })), 'join_policy');
    assert.deepEqual(admit(CID, 9, ' BIN:10.0.0.9 ', 0, nets), { url: 'bin:10.0.0.9:5555', host: '10.0.0.9' }, 'stored in the normalised form');
  });

  it('learnNode gives a refusal effect and creates nothing', () => {
    const v = new ClusterView({ clusterId: CID, local: { id: 1, url: url(1) }, admission: { policy: { kind: 'known' }, maxNodes: 128 } });
    const r = v.learnNode(5, desc(5));
    assert.equal(r.node, null);
    assert.deepEqual(r.effects, [{ type: 'refused', nodeId: 5, reason: 'join_policy', msg: 'refusing node [5] in cluster [1] at 10.0.0.5: join_policy is known' }]);
    assert.equal(v.nodes.size, 0);
  });
});

describe('learned nodes never heard from', () => {
  it('expire after max(2 × node_timeout, 10 × ping_interval) from the first tick that saw them; configured and answering nodes stay', () => {
    const v = new ClusterView({ clusterId: CID, local: { id: 1, url: url(1) } });
    v.addNode({ id: 2, url: url(2) });
    v.learnNode(3, desc(3));
    v.learnNode(4, desc(4));
    const after = learnedExpiryMs(T);
    assert.equal(after, 120_000);
    v.tick(NOW, T);
    v.packetReceived(4, NOW + 10);
    assert.deepEqual(v.expireUnreached(NOW + after - 1, after), []);
    const effects = v.expireUnreached(NOW + after, after);
    assert.ok(effects.some((e) => e.type === 'node_expired' && e.nodeId === 3));
    assert.deepEqual([...v.nodes.keys()], [2, 4]);
  });

  it('moveNode takes the new URL, starts the counters again and probes the node', () => {
    const v = new ClusterView({ clusterId: CID, local: { id: 1, url: url(1) } });
    v.addNode({ id: 2, url: url(2) });
    v.getNode(2)!.ls = { seq: 40, ts: 5, epoch: 5 } as never;
    const effects = v.moveNode(2, 'bin:10.9.9.9:5566');
    assert.equal(v.getNode(2)!.url, 'bin:10.9.9.9:5566');
    assert.equal(v.getNode(2)!.ls.seq, -1);
    assert.ok(effects.some((e) => e.type === 'log' && /is now at bin:10\.9\.9\.9:5566 \(was bin:10\.0\.0\.2:5566/.test(e.msg)));
    assert.deepEqual(v.moveNode(2, 'bin:10.9.9.9:5566'), [], 'same URL: nothing');
  });
});
