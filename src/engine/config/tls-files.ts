import { readFileSync } from 'node:fs';
import type { SecureContext, SecureContextOptions } from 'node:tls';
import { lazyBuiltin } from '../builtin.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import type { TlsSettings } from './tls.js';

const crypto = lazyBuiltin<typeof import('node:crypto')>('node:crypto');
const tls = lazyBuiltin<typeof import('node:tls')>('node:tls');

/** The files of a `tls` section, read and checked, and the context made of them. */
export interface TlsMaterial {
  context: SecureContext;
  /** What the context was made of (a TLS server takes these, not a context). */
  options: SecureContextOptions;
  /** This node's certificate (the first of its file). */
  notBefore: Date;
  notAfter: Date;
  subject: string;
  /** Certificates in `ca_list` (0 without one). */
  caCount: number;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function why(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return err instanceof Error ? err.message : String(err);
}

/** The certificates of a PEM file; throws a message naming the file. */
function certificates(text: string, file: string): import('node:crypto').X509Certificate[] {
  const blocks = text.match(PEM_CERT) ?? [];
  if (blocks.length === 0) throw new Error(`${file} holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)`);
  return blocks.map((b, i) => {
    try {
      return new (crypto().X509Certificate)(b);
    } catch (err) {
      throw new Error(`${file}: certificate ${i + 1} is not valid: ${why(err)}`);
    }
  });
}

/**
 * Reads and checks the files of `s` (each readable, each PEM of the right
 * kind, the key the certificate's) and builds the TLS context. Throws one
 * ConfigError (exit 6) with an issue per bad file, naming it.
 */
export function loadTlsMaterial(s: TlsSettings, source?: string): TlsMaterial {
  const issues: ConfigIssue[] = [];
  const read = (key: string, file: string): string | undefined => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      issues.push({ key, message: `cannot read ${file}: ${why(err)}` });
      return undefined;
    }
  };
  const certText = read('tls.certificate', s.certificate);
  const keyText = read('tls.private_key', s.privateKey);
  const caText = s.caList === null ? undefined : read('tls.ca_list', s.caList);
  let own: import('node:crypto').X509Certificate | undefined;
  let caCount = 0;
  if (certText !== undefined) {
    try {
      own = certificates(certText, s.certificate)[0];
    } catch (err) {
      issues.push({ key: 'tls.certificate', message: why(err) });
    }
  }
  if (keyText !== undefined) {
    try {
      const key = crypto().createPrivateKey(keyText);
      if (own && !own.checkPrivateKey(key)) issues.push({ key: 'tls.private_key', message: `${s.privateKey} is not the private key of the certificate in ${s.certificate}` });
    } catch (err) {
      issues.push({ key: 'tls.private_key', message: `${s.privateKey} is not a valid PEM private key (${why(err)}; an encrypted key needs its passphrase removed)` });
    }
  }
  if (caText !== undefined && s.caList !== null) {
    try {
      caCount = certificates(caText, s.caList).length;
    } catch (err) {
      issues.push({ key: 'tls.ca_list', message: why(err) });
    }
  }
  if (issues.length > 0 || !own || certText === undefined || keyText === undefined) throw new ConfigError(issues, { source });
  const options: SecureContextOptions = {
    cert: certText,
    key: keyText,
    ...(caText !== undefined ? { ca: caText } : {}),
    ...(s.ciphersList !== null ? { ciphers: s.ciphersList } : {}),
    minVersion: s.minVersion,
    maxVersion: s.maxVersion,
  };
  let context: SecureContext;
  try {
    context = tls().createSecureContext(options);
  } catch (err) {
    if (s.ciphersList !== null && /cipher/i.test(why(err))) {
      throw new ConfigError([{ key: 'tls.ciphers_list', message: `${JSON.stringify(s.ciphersList)} selects no cipher OpenSSL knows (${why(err)})` }], { source, cause: err });
    }
    throw new ConfigError([{ key: 'tls', message: `cannot use ${s.certificate} with ${s.privateKey}: ${why(err)}` }], { source, cause: err });
  }
  return { context, options, notBefore: new Date(own.validFrom), notAfter: new Date(own.validTo), subject: own.subject.replace(/\n/g, ', '), caCount };
}
