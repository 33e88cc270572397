import { connect } from 'node:net';

/** Largest reply accepted from a node: MI replies are small, a full one is a broken peer. */
export const MAX_REPLY_BYTES = 64 << 20;

export interface RawResponse {
  status: number;
  text: string;
}

/**
 * One HTTP/1.1 POST over a unix socket and its whole response, with
 * node:net alone: the control socket of a node is the hot path of every
 * command, and node:http costs more to load than the call takes. The
 * request asks for `Connection: close`; the response is read by its
 * Content-Length (what the node sends), chunked, or up to the close.
 * Rejects with the socket's error (ENOENT, ECONNREFUSED, …) or a plain
 * Error for a reply that is not HTTP.
 */
export function unixPost(socketPath: string, path: string, body: string, headers: Record<string, string>, timeoutMs: number, onTimeout: () => Error): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const sock = connect({ path: socketPath });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err: Error | null, res?: RawResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(res!);
    };
    const timer = setTimeout(() => finish(onTimeout()), timeoutMs);
    sock.once('connect', () => {
      const head = [`POST ${path} HTTP/1.1`, 'Host: localhost', 'Connection: close', `Content-Length: ${Buffer.byteLength(body)}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      // Not end(): a server may drop a half-closed connection before a slow handler answers.
      sock.write(`${head.join('\r\n')}\r\n\r\n${body}`);
    });
    // Bytes the whole reply takes, once its head says so: no re-parse per chunk of a large reply.
    let need: number | undefined;
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      if (size > MAX_REPLY_BYTES) return finish(new Error(`reply larger than ${MAX_REPLY_BYTES} bytes`));
      if (need !== undefined && size < need) return;
      try {
        const buf = Buffer.concat(chunks);
        need ??= expectedSize(buf);
        const done = parseResponse(buf, false);
        if (done) finish(null, done);
      } catch (err) {
        finish(err as Error);
      }
    });
    sock.once('end', () => {
      try {
        const done = parseResponse(Buffer.concat(chunks), true);
        finish(done ? null : new Error('the control socket closed before a whole HTTP reply'), done ?? undefined);
      } catch (err) {
        finish(err as Error);
      }
    });
    sock.once('error', (err) => finish(err));
  });
}

/** Head and body size of a reply with a Content-Length, once its head is in `buf`; undefined otherwise. */
function expectedSize(buf: Buffer): number | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const m = /\r\ncontent-length:\s*(\d+)/i.exec(buf.subarray(0, end).toString('latin1'));
  return m ? end + 4 + Number(m[1]) : undefined;
}

/** The response in `buf` once it is complete (`closed`: no more bytes will come), else null. */
export function parseResponse(buf: Buffer, closed: boolean): RawResponse | null {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!m) throw new Error('the control socket did not answer HTTP');
  const headers = new Map(lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const rest = buf.subarray(end + 4);
  const status = Number(m[1]);
  const length = headers.get('content-length');
  if (length !== undefined) {
    const n = Number(length);
    return rest.length >= n ? { status, text: rest.subarray(0, n).toString('utf8') } : closed ? { status, text: rest.toString('utf8') } : null;
  }
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
    const body = dechunk(rest);
    return body !== null ? { status, text: body } : closed ? { status, text: '' } : null;
  }
  return closed ? { status, text: rest.toString('utf8') } : null;
}

/** A chunked body once its last chunk arrived, else null. */
function dechunk(buf: Buffer): string | null {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', at);
    if (eol < 0) return null;
    const n = Number.parseInt(buf.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isFinite(n)) throw new Error('bad chunk in the reply of the control socket');
    if (n === 0) return Buffer.concat(parts).toString('utf8');
    if (buf.length < eol + 2 + n + 2) return null;
    parts.push(buf.subarray(eol + 2, eol + 2 + n));
    at = eol + 2 + n + 2;
  }
}
