import { ClError } from '../errors.js';

export type BinProto = 'bin' | 'bins';

/** A parsed BIN listener / node URL. `url` is the normalized `proto:host:port` form. */
export interface BinUrl {
  proto: BinProto;
  host: string;
  port: number;
  url: string;
}

export const DEFAULT_BIN_PORT = 5555;
export const DEFAULT_BINS_PORT = 5556;

/** OpenSIPS logs "Bad URL!" for any malformed node URL; we keep that prefix and add the reason. */
export class BadUrlError extends ClError {
  readonly input: string;

  constructor(input: string, reason: string) {
    super('CL_ERR_BAD_URL', `Bad URL! ${JSON.stringify(input)}: ${reason}`);
    this.input = input;
  }
}

const IPV4_OCTET = /^(0|[1-9]\d{0,2})$/;

/** Strict dotted-quad check (no leading zeros: "010" is ambiguous between octal and decimal). */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => IPV4_OCTET.test(p) && Number(p) <= 255);
}

/** Returns the host to use, or undefined if it is neither an IPv4 literal nor `localhost`. */
export function normalizeHost(s: string): string | undefined {
  if (isIPv4(s)) return s;
  // Resolved here so that listeners and node URLs compare equal and peers get an address.
  if (s.toLowerCase() === 'localhost') return '127.0.0.1';
  return undefined;
}

function parsePort(s: string): number | undefined {
  if (!/^\d{1,5}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : undefined;
}

function isScheme(s: string): boolean {
  const l = s.toLowerCase();
  return l === 'bin' || l === 'bins';
}

/**
 * Parses `[bin:|bins:]HOST[:PORT]` (HOST = IPv4 literal or `localhost`).
 * The port defaults to 5555 for bin and 5556 for bins.
 */
export function parseBinUrl(input: string): BinUrl {
  const s = input.trim();
  if (s === '') throw new BadUrlError(input, 'empty URL');
  if (/[[\]]/.test(s)) throw new BadUrlError(input, 'IPv6 addresses are not supported (expected [bin:|bins:]IPv4[:PORT])');
  const parts = s.split(':');
  if (parts.length > 3 || (parts.length === 3 && !isScheme(parts[0]!) && /^[0-9a-f]*$/i.test(parts[0]!))) {
    throw new BadUrlError(input, 'looks like an IPv6 address without brackets; IPv6 is not supported (expected [bin:|bins:]IPv4[:PORT])');
  }
  let scheme: string | undefined;
  let hostPart: string;
  let portPart: string | undefined;
  if (parts.length === 1) {
    hostPart = parts[0];
  } else if (parts.length === 2) {
    // "bin:HOST" or "HOST:PORT": decided by whether the first part is a scheme.
    if (isScheme(parts[0])) [scheme, hostPart] = [parts[0], parts[1]];
    else if (/^\d*$/.test(parts[1])) [hostPart, portPart] = [parts[0], parts[1]];
    else throw new BadUrlError(input, `unsupported scheme '${parts[0]}' (expected bin or bins)`);
  } else if (parts.length === 3) {
    [scheme, hostPart, portPart] = [parts[0], parts[1], parts[2]];
    if (!isScheme(scheme)) throw new BadUrlError(input, `unsupported scheme '${scheme}' (expected bin or bins)`);
  } else {
    throw new BadUrlError(input, 'expected [bin:|bins:]IP[:PORT] (IPv6 is not supported)');
  }
  const proto: BinProto = scheme?.toLowerCase() === 'bins' ? 'bins' : 'bin';
  if (hostPart === '') throw new BadUrlError(input, 'empty host');
  const host = normalizeHost(hostPart);
  if (host === undefined) {
    const why = /^[a-z0-9.-]+$/i.test(hostPart) && /[a-z]/i.test(hostPart) ? ' (host names are not resolved: give the address)' : '';
    throw new BadUrlError(input, `host '${hostPart}' must be an IPv4 address or localhost${why}`);
  }
  let port = proto === 'bins' ? DEFAULT_BINS_PORT : DEFAULT_BIN_PORT;
  if (portPart !== undefined) {
    if (portPart === '') throw new BadUrlError(input, "missing port after ':'");
    const p = parsePort(portPart);
    if (p === undefined) throw new BadUrlError(input, `bad port '${portPart}' (expected 1-65535)`);
    port = p;
  }
  return { proto, host, port, url: `${proto}:${host}:${port}` };
}

/** Parses a plain `HOST:PORT` (both required), e.g. the `mi_http` listener. */
export function parseHostPort(input: string): { host: string; port: number } {
  const s = input.trim();
  const i = s.lastIndexOf(':');
  if (i < 0) throw new ClError('CL_ERR_BAD_ADDR', `bad address ${JSON.stringify(input)}: expected IP:PORT`);
  const host = normalizeHost(s.slice(0, i));
  if (host === undefined) {
    throw new ClError('CL_ERR_BAD_ADDR', `bad address ${JSON.stringify(input)}: host must be an IPv4 address or localhost`);
  }
  const port = parsePort(s.slice(i + 1));
  if (port === undefined) throw new ClError('CL_ERR_BAD_ADDR', `bad address ${JSON.stringify(input)}: bad port (expected 1-65535)`);
  return { host, port };
}
