import { ConfigValueError } from './errors.js';
import type { BinUrl } from './url.js';

/**
 * `bins:` (BIN over TLS) URLs parse, but TLS is not implemented: a node never
 * serves or contacts a `bins:` address in plain text. In the configuration
 * such a URL is an error; in db_mode 1 rows and in what peers tell us, the
 * node is skipped with a logged reason.
 */
export const isTlsUrl = (u: Pick<BinUrl, 'proto'>): boolean => u.proto === 'bins';

export const tlsRefusal = (url: string): string => `${url} is a TLS (bins:) address; TLS is not supported yet, use bin:`;

/** Returns `u` unless it is a `bins:` URL; throws ConfigValueError naming TLS otherwise. */
export function refuseTls<T extends Pick<BinUrl, 'proto' | 'url'>>(u: T): T {
  if (isTlsUrl(u)) throw new ConfigValueError([tlsRefusal(u.url)]);
  return u;
}
