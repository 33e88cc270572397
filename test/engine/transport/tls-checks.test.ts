import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peerRefusal, type PeerCertificate } from '../../../src/engine/transport/tls-checks.js';

const on = { verifyPeer: true, requireCert: true, caList: '/etc/cl/ca.pem' };
const good: PeerCertificate = { presented: true, authorized: true, error: undefined, cn: 'node2' };
const none: PeerCertificate = { presented: false, authorized: false, error: 'UNABLE_TO_GET_ISSUER_CERT', cn: undefined };
const expired: PeerCertificate = { presented: true, authorized: false, error: 'CERT_HAS_EXPIRED', cn: 'node3' };

test('mutual TLS (the defaults): a verified certificate passes, a missing or unverified one is refused with the check', () => {
  assert.equal(peerRefusal(good, on, true), null);
  assert.equal(peerRefusal(good, on, false), null);
  assert.equal(peerRefusal(none, on, true), 'presented no certificate (require_cert is on)');
  assert.equal(peerRefusal(none, on, false), 'presented no certificate (verify_peer is on)');
  assert.equal(peerRefusal(expired, on, true), 'certificate failed verification against ca_list /etc/cl/ca.pem: CERT_HAS_EXPIRED, subject CN=node3');
  assert.equal(peerRefusal({ ...expired, cn: undefined, error: undefined }, on, false), 'certificate failed verification against ca_list /etc/cl/ca.pem: unknown reason');
});

test('verify_peer off: any certificate passes; require_cert off: a listener takes peers without one', () => {
  const noVerify = { ...on, verifyPeer: false };
  assert.equal(peerRefusal(expired, noVerify, true), null);
  assert.equal(peerRefusal(none, noVerify, false), null);
  assert.equal(peerRefusal(none, noVerify, true), 'presented no certificate (require_cert is on)');
  assert.equal(peerRefusal(none, { ...noVerify, requireCert: false }, true), null);
  assert.equal(peerRefusal(expired, { ...on, requireCert: false }, true), 'certificate failed verification against ca_list /etc/cl/ca.pem: CERT_HAS_EXPIRED, subject CN=node3');
});
