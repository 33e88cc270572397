import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type ConfigIssue } from '../../../src/engine/config/index.js';
import { loadTlsMaterial } from '../../../src/engine/config/tls-files.js';
import { IssueList } from '../../../src/engine/config/errors.js';
import { readTls, type TlsSettings } from '../../../src/engine/config/tls.js';
import { Pki, tlsSection } from '../../helpers/certs.js';

const pki = new Pki();
after(() => pki.cleanup());
const ca = pki.ca('ca');
const node = pki.node('node', ca);
const other = pki.node('other', ca);

const settings = (extra: Record<string, unknown> = {}): TlsSettings => readTls({ ...tlsSection(node, ca), ...extra }, new IssueList())!;

const issuesOf = (s: TlsSettings): readonly ConfigIssue[] => {
  try {
    loadTlsMaterial(s);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.issues;
  }
  assert.fail('expected a ConfigError');
};

test('good files load: subject, dates and CA count', () => {
  const m = loadTlsMaterial(settings());
  assert.equal(m.subject, 'CN=node');
  assert.equal(m.caCount, 1);
  assert.ok(m.notAfter.getTime() > Date.now());
});

test('unreadable or invalid files are configuration errors naming the file', () => {
  const missing = join(pki.dir, 'nope.pem');
  assert.deepEqual(issuesOf(settings({ certificate: missing })), [{ key: 'tls.certificate', message: `cannot read ${missing}: file not found` }]);
  const junk = join(pki.dir, 'junk.pem');
  writeFileSync(junk, 'not a certificate\n');
  assert.deepEqual(issuesOf(settings({ ca_list: junk })), [{ key: 'tls.ca_list', message: `${junk} holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)` }]);
  const bad = issuesOf(settings({ private_key: junk }));
  assert.equal(bad[0]?.key, 'tls.private_key');
  assert.match(bad[0]!.message, new RegExp(`^${junk.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not a valid PEM private key`));
  assert.deepEqual(issuesOf(settings({ private_key: other.key })), [{ key: 'tls.private_key', message: `${other.key} is not the private key of the certificate in ${node.cert}` }]);
  assert.deepEqual(issuesOf(settings({ certificate: pki.dir })), [{ key: 'tls.certificate', message: `cannot read ${pki.dir}: is a directory, not a file` }]);
  const ciphers = issuesOf(settings({ ciphers_list: 'NO-SUCH-CIPHER' }));
  assert.equal(ciphers[0]?.key, 'tls.ciphers_list');
  assert.match(ciphers[0]!.message, /^"NO-SUCH-CIPHER" selects no cipher OpenSSL knows/);
});
