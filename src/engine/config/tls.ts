import { ConfigValueError, type IssueList } from './errors.js';
import { parseBinUrl, type BinUrl } from './url.js';
import { isRecord, show, toBoolInt, toNonEmptyString } from './values.js';

/** TLS protocol versions a node may speak (Node's names). */
export type TlsVersion = 'TLSv1.2' | 'TLSv1.3';

/**
 * The `tls` section: BIN over TLS (`bins:`), the settings named after
 * OpenSIPS tls_mgm. Paths are kept; the files are read when the transport
 * starts and on every reload (config/tls-files.ts).
 */
export interface TlsSettings {
  /** `certificate`: PEM file with this node's certificate (and any intermediates after it). */
  certificate: string;
  /** `private_key`: PEM file with the certificate's private key. */
  privateKey: string;
  /** `ca_list`: PEM file with the certificates peers' certificates must chain to; null when nothing is verified. */
  caList: string | null;
  /** `verify_peer`: a peer's certificate must chain to `ca_list` and be within its validity dates (both directions). */
  verifyPeer: boolean;
  /** `require_cert`: a peer connecting to a `bins:` listener must present a certificate. */
  requireCert: boolean;
  /** `ciphers_list`: OpenSSL cipher list for TLS 1.2; null: Node's default. */
  ciphersList: string | null;
  /** `tls_method` as given (default `TLSv1_2-`). */
  tlsMethod: string;
  minVersion: TlsVersion;
  maxVersion: TlsVersion;
  /** `listeners`: `bins:` listeners with settings of their own (a listener's `listeners` is empty). */
  listeners: TlsListener[];
}

/** A `bins:` listener with settings of its own (`tls.listeners`). */
export interface TlsListener {
  /** Normalised `bins:IP:PORT`. */
  url: string;
  host: string;
  port: number;
  settings: TlsSettings;
}

export const TLS_KEYS = ['certificate', 'private_key', 'ca_list', 'verify_peer', 'require_cert', 'ciphers_list', 'tls_method'] as const;

/** TLS 1.2 and later, as the issue asks; tls_mgm's own default is SSLv23 (any). */
export const DEFAULT_TLS_METHOD = 'TLSv1_2-';

/** tls_mgm's method names; those below TLS 1.2 are recognised only to be refused by name. */
const METHODS: Readonly<Record<string, TlsVersion | 'old'>> = { TLSv1: 'old', TLSv1_1: 'old', TLSv1_2: 'TLSv1.2', TLSv1_3: 'TLSv1.3' };

/**
 * Parses a tls_mgm `tls_method`: one method (`TLSv1_2`), a range
 * (`TLSv1_2-TLSv1_3`, `TLSv1_2-` = that one and later, `-TLSv1_3` = up to
 * it) or `SSLv23` (any version this node speaks: 1.2 and 1.3).
 */
export function parseTlsMethod(v: string): { minVersion: TlsVersion; maxVersion: TlsVersion } {
  const known = Object.keys(METHODS).join(', ');
  if (v === 'SSLv23') return { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' };
  const m = /^([A-Za-z0-9_]*)(-?)([A-Za-z0-9_]*)$/.exec(v);
  const range = m?.[2] === '-';
  const lo = m?.[1] ?? '';
  const hi = range ? (m?.[3] ?? '') : lo;
  if (!m || (!range && m[3] !== '') || (lo === '' && hi === '')) throw new ConfigValueError([`expected a method (${known}, SSLv23) or a range such as TLSv1_2-TLSv1_3, got ${show(v)}`]);
  const pick = (name: string, def: TlsVersion): TlsVersion => {
    if (name === '') return def;
    const ver = METHODS[name];
    if (ver === undefined) throw new ConfigValueError([`unknown TLS method ${show(name)} (expected ${known} or SSLv23)`]);
    if (ver === 'old') throw new ConfigValueError([`${name} is older than TLS 1.2 and not supported (use TLSv1_2 or later)`]);
    return ver;
  };
  const minVersion = pick(lo, 'TLSv1.2');
  const maxVersion = pick(hi, 'TLSv1.3');
  if (minVersion > maxVersion) throw new ConfigValueError([`empty range ${show(v)}: ${lo} is newer than ${hi}`]);
  return { minVersion, maxVersion };
}

/**
 * Reads the `tls` section (absent: null), recording every problem as a
 * `tls.<key>` issue. `listeners` maps a `bins:` listener to the keys it
 * sets differently (the others are the section's).
 */
export function readTls(v: unknown, issues: IssueList): TlsSettings | null {
  if (v === undefined) return null;
  if (!isRecord(v)) {
    issues.add('tls', `expected a mapping such as {certificate: node.pem, private_key: node.key, ca_list: ca.pem}, got ${show(v)}`);
    return null;
  }
  const { listeners: raw, ...own } = v;
  const before = issues.size;
  const base = readKeys(own, 'tls', issues, [...TLS_KEYS, 'listeners']);
  const listeners: TlsListener[] = [];
  if (raw !== undefined && !isRecord(raw)) issues.add('tls.listeners', `expected a mapping of bins: listeners to tls keys, such as {"bins:10.0.0.1:5556": {certificate: a.pem, private_key: a.key}}, got ${show(raw)}`);
  else if (raw !== undefined && issues.size === before) {
    for (const [name, sub] of Object.entries(raw)) {
      const prefix = `tls.listeners.${name}`;
      let url: BinUrl;
      try {
        url = parseBinUrl(name);
      } catch (err) {
        issues.addError(prefix, err);
        continue;
      }
      if (url.proto !== 'bins') issues.add(prefix, `${url.url} is not a bins: listener`);
      else if (!isRecord(sub)) issues.add(prefix, `expected a mapping of tls keys, got ${show(sub)}`);
      else if (listeners.some((l) => l.url === url.url)) issues.add(prefix, `${url.url} is given twice`);
      else {
        const s = readKeys({ ...own, ...sub }, prefix, issues, TLS_KEYS, Object.keys(sub));
        if (s) listeners.push({ url: url.url, host: url.host, port: url.port, settings: s });
      }
    }
  }
  return base && { ...base, listeners };
}

/** The keys of a tls section (or of one listener's, merged with the section's; `given`: the keys to check for unknown ones). */
function readKeys(v: Record<string, unknown>, prefix: string, issues: IssueList, known: readonly string[], given = Object.keys(v)): TlsSettings | null {
  for (const k of given) {
    if (!known.includes(k)) issues.add(`${prefix}.${k}`, `unknown parameter (known: ${known.join(', ')})`);
  }
  const path = (k: string): string | null => {
    if (v[k] === undefined) return null;
    const r = toNonEmptyString(v[k]);
    if (r.ok) return r.value;
    issues.add(`${prefix}.${k}`, `${r.message} (a path to a PEM file)`);
    return null;
  };
  const flag = (k: string): boolean => {
    if (v[k] === undefined) return true;
    const r = toBoolInt(v[k]);
    if (r.ok) return r.value;
    issues.add(`${prefix}.${k}`, r.message);
    return true;
  };
  const certificate = path('certificate');
  const privateKey = path('private_key');
  const caList = path('ca_list');
  const verifyPeer = flag('verify_peer');
  const requireCert = flag('require_cert');
  if (v.certificate === undefined) issues.add(`${prefix}.certificate`, 'required: the PEM file of this node\'s certificate');
  if (v.private_key === undefined) issues.add(`${prefix}.private_key`, 'required: the PEM file of the certificate\'s private key');
  if (v.ca_list === undefined && verifyPeer) issues.add(`${prefix}.ca_list`, 'required while verify_peer is on: the PEM file of the CA certificates peers must chain to');
  let ciphersList: string | null = null;
  if (v.ciphers_list !== undefined) {
    const r = toNonEmptyString(v.ciphers_list);
    if (r.ok) ciphersList = r.value;
    else issues.add(`${prefix}.ciphers_list`, `${r.message} (an OpenSSL cipher list such as "ECDHE+AESGCM")`);
  }
  let tlsMethod = DEFAULT_TLS_METHOD;
  let versions = parseTlsMethod(DEFAULT_TLS_METHOD);
  if (v.tls_method !== undefined) {
    if (typeof v.tls_method !== 'string') issues.add(`${prefix}.tls_method`, `expected a string such as "TLSv1_2-", got ${show(v.tls_method)}`);
    else {
      try {
        versions = parseTlsMethod(v.tls_method);
        tlsMethod = v.tls_method;
      } catch (err) {
        issues.addError(`${prefix}.tls_method`, err);
      }
    }
  }
  if (certificate === null || privateKey === null) return null;
  return { certificate, privateKey, caList, verifyPeer, requireCert, ciphersList, tlsMethod, ...versions, listeners: [] };
}

export const isTlsUrl = (u: Pick<BinUrl, 'proto'>): boolean => u.proto === 'bins';

/** Why a `bins:` address cannot be used by a node without a `tls` section. */
export const tlsRefusal = (url: string): string =>
  `${url} is a TLS (bins:) address but the configuration has no tls section (set tls: {certificate, private_key, ca_list}, or use bin:)`;

/** Returns `u` unless it is a `bins:` URL and TLS is not configured; then throws ConfigValueError naming TLS. */
export function refuseTls<T extends Pick<BinUrl, 'proto' | 'url'>>(u: T, tlsConfigured: boolean): T {
  if (!tlsConfigured && isTlsUrl(u)) throw new ConfigValueError([tlsRefusal(u.url)]);
  return u;
}
