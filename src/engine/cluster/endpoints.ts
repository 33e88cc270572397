import { isTlsUrl } from '../config/tls.js';
import { parseBinUrl } from '../config/url.js';
import type { Endpoint } from '../transport/transport.js';

const cache = new Map<string, Endpoint | null>();

/** The endpoint of a node URL (`bin:IP:PORT`, or `bins:IP:PORT`: over TLS only); null for a URL that cannot be used. */
export function endpointOf(url: string): Endpoint | null {
  let ep = cache.get(url);
  if (ep === undefined) {
    try {
      const u = parseBinUrl(url);
      ep = isTlsUrl(u) ? { host: u.host, port: u.port, tls: true } : { host: u.host, port: u.port };
    } catch {
      ep = null;
    }
    if (cache.size > 4096) cache.clear();
    cache.set(url, ep);
  }
  return ep;
}

export const sameEndpoint = (a: Endpoint, b: Endpoint): boolean => a.host === b.host && a.port === b.port && (a.tls ?? false) === (b.tls ?? false);
