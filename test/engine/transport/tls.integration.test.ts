import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { IssueList } from '../../../src/engine/config/errors.js';
import { readTls, type TlsSettings } from '../../../src/engine/config/tls.js';
import { isClError } from '../../../src/engine/errors.js';
import { createLogger } from '../../../src/engine/log.js';
import { BinTransport } from '../../../src/engine/transport/transport.js';
import { encodeMessage } from '../../../src/engine/wire/index.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { Pki, tlsSection, type Ca, type CertFiles } from '../../helpers/certs.js';
import { eventually } from '../../helpers/eventually.js';
import { client, startTransport } from './harness.js';

const pki = new Pki();
after(() => pki.cleanup());
const ca = pki.ca('ca');
const server = pki.node('server', ca);
const peer = pki.node('peer', ca);

const PING = encodeMessage({ kind: 'ping', clusterId: 1, srcId: 2, reqNodeList: 0 });
const header = (len: number): Buffer => {
  const b = Buffer.alloc(8);
  b.write('P4CK', 0, 'latin1');
  b.writeUInt32LE(len, 4);
  return b;
};

function settings(files: CertFiles, authority: Ca, extra: Record<string, unknown> = {}): TlsSettings {
  const issues = new IssueList();
  const s = readTls(tlsSection(files, authority, extra), issues);
  assert.deepEqual(issues.items, []);
  return s!;
}

/** A TLS client from 127.0.0.1 presenting `files` (or no certificate); resolves once the handshake ended either way. */
function tlsClient(host: string, port: number, files: CertFiles | null): Promise<{ socket: TLSSocket; closed: () => boolean; secure: boolean }> {
  return new Promise((resolve) => {
    let closed = false;
    let secure = false;
    const socket = tlsConnect({
      host, port, localAddress: '127.0.0.1', ca: readFileSync(ca.cert), rejectUnauthorized: false, checkServerIdentity: () => undefined,
      ...(files ? { cert: readFileSync(files.cert), key: readFileSync(files.key) } : {}),
    } as ConnectionOptions);
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      resolve({ socket, closed: () => closed, secure });
    });
    socket.once('secureConnect', () => {
      secure = true;
      resolve({ socket, closed: () => closed, secure });
    });
  });
}

test('a verified TLS peer delivers frames; plain BIN on the bins: listener is refused, logged and counted, and hurts nothing', async () => {
  const h = await startTransport({}, () => false, undefined, settings(server, ca));
  try {
    const good = await tlsClient(h.host, h.port, peer);
    assert.ok(good.secure);
    const plain = await client(h.host, h.port);
    plain.socket.write(PING);
    await eventually(() => plain.closed(), { what: 'the plain connection closed' });
    assert.equal(h.stat('tls_handshake_failed'), 1);
    assert.ok(h.logs.some((r) => r.level === 'warn' && /closing BIN connection with 127\.0\.0\.1: tls handshake failed \(peer 127\.0\.0\.1:\d+: TLS handshake failed: ERR_SSL_WRONG_VERSION_NUMBER: wrong version number \(not a TLS client: plain BIN on a bins: listener\?\)\)/.test(r.msg)), JSON.stringify(h.logs.map((r) => r.msg)));
    assert.equal(h.frames.length, 0, 'nothing of the plain client reached the node');
    good.socket.write(PING);
    await eventually(() => h.frames.length === 1, { what: 'the TLS peer still delivers' });
    assert.deepEqual(h.frames[0]!.frame, PING);
    assert.equal(h.frames[0]!.from.remoteAddress, '127.0.0.1');
    good.socket.destroy();
  } finally {
    await h.t.stop();
  }
});

test('an oversized length prefix inside TLS closes that connection only (frame_too_large)', async () => {
  const h = await startTransport({}, () => false, undefined, settings(server, ca));
  try {
    const bad = await tlsClient(h.host, h.port, peer);
    bad.socket.write(header(0xffffffff));
    await eventually(() => bad.closed(), { what: 'the offending connection closed' });
    assert.equal(h.stat('conn_frame_too_large'), 1);
    const good = await tlsClient(h.host, h.port, peer);
    good.socket.write(PING);
    await eventually(() => h.frames.length === 1, { what: 'a new TLS connection delivers' });
    good.socket.destroy();
  } finally {
    await h.t.stop();
  }
});

test('require_cert: a client without a certificate is refused by name; with require_cert and verify_peer off it is let in', async () => {
  const h = await startTransport({}, () => false, undefined, settings(server, ca));
  try {
    const anon = await tlsClient(h.host, h.port, null);
    await eventually(() => anon.closed(), { what: 'refused' });
    await eventually(() => h.stat('tls_refused') === 1, { what: 'counted' });
    assert.ok(h.logs.some((r) => /tls refused \(peer 127\.0\.0\.1:\d+ on a bins: listener presented no certificate \(require_cert is on\)\)/.test(r.msg)), JSON.stringify(h.logs.map((r) => r.msg)));
  } finally {
    await h.t.stop();
  }
  const open = await startTransport({}, () => false, undefined, settings(server, ca, { require_cert: 0, verify_peer: 0 }));
  try {
    const anon = await tlsClient(open.host, open.port, null);
    anon.socket.write(PING);
    await eventually(() => open.frames.length === 1, { what: 'delivered' });
    anon.socket.destroy();
  } finally {
    await open.t.stop();
  }
});

test('a TCP client that never completes the handshake is cut at tls_handshake_timeout', async () => {
  const h = await startTransport({ tlsHandshakeTimeoutMs: 100, unknownIdleTimeoutMs: 60_000 }, () => false, undefined, settings(server, ca));
  try {
    const silent = await client(h.host, h.port);
    await eventually(() => silent.closed(), { what: 'cut' });
    assert.equal(h.stat('tls_handshake_timeout'), 1);
    assert.ok(h.logs.some((r) => /did not complete the TLS handshake within tls_handshake_timeout 100 ms/.test(r.msg)));
  } finally {
    await h.t.stop();
  }
});

test('reload: new connections get the new certificate, open ones stay; a bad file keeps the old one and names the file', async () => {
  const pkiDir = pki.node('reload', ca);
  const h = await startTransport({}, () => false, undefined, settings(pkiDir, ca));
  try {
    const before = await tlsClient(h.host, h.port, peer);
    assert.equal(before.socket.getPeerCertificate().subject.CN, 'reload');
    const next = pki.node('renewed', ca);
    copyFileSync(next.cert, pkiDir.cert);
    copyFileSync(next.key, pkiDir.key);
    const r = h.t.reloadTls(settings(pkiDir, ca));
    assert.equal(r?.subject, 'CN=renewed');
    const after = await tlsClient(h.host, h.port, peer);
    assert.equal(after.socket.getPeerCertificate().subject.CN, 'renewed');
    assert.equal(before.closed(), false, 'the open connection is kept');
    before.socket.write(PING);
    await eventually(() => h.frames.length === 1, { what: 'the old connection still delivers' });

    assert.throws(() => h.t.reloadTls({ ...settings(pkiDir, ca), privateKey: peer.key }), (e: unknown) => isClError(e, 'CL_ERR_CONFIG') && e.message.includes(`${peer.key} is not the private key of the certificate in ${pkiDir.cert}`));
    const still = await tlsClient(h.host, h.port, peer);
    assert.equal(still.socket.getPeerCertificate().subject.CN, 'renewed', 'a failed reload keeps what was in use');
    for (const c of [before, after, still]) c.socket.destroy();
  } finally {
    await h.t.stop();
  }
});

test('tls.listeners: a bins: listener with a certificate of its own, the other listener with the section\'s; reload reaches both', async () => {
  const host = loopbackHost();
  const other = loopbackHost();
  const port = await freePort(host);
  const own = pki.node('listener-own', ca);
  const issues = new IssueList();
  const s = readTls({ ...tlsSection(server, ca), listeners: { [`bins:${host}:${port}`]: { certificate: own.cert, private_key: own.key } } }, issues);
  assert.deepEqual(issues.items, []);
  const t = new BinTransport({ listen: [{ host, port, tls: true }, { host: other, port: 0, tls: true }], log: createLogger('silent'), hooks: { onFrame: () => {}, onStreamError: () => {} }, tls: s });
  await t.start();
  try {
    const a = await tlsClient(host, t.bound[0]!.port, peer);
    const b = await tlsClient(other, t.bound[1]!.port, peer);
    assert.deepEqual([a.socket.getPeerCertificate().subject.CN, b.socket.getPeerCertificate().subject.CN], ['listener-own', 'server']);
    const renewed = pki.node('listener-renewed', ca);
    copyFileSync(renewed.cert, own.cert);
    copyFileSync(renewed.key, own.key);
    t.reloadTls(s);
    const c = await tlsClient(host, t.bound[0]!.port, peer);
    assert.equal(c.socket.getPeerCertificate().subject.CN, 'listener-renewed');
    for (const x of [a, b, c]) x.socket.destroy();
  } finally {
    await t.stop();
  }
});
