import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders, RequestOptions } from 'node:http';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ClientError } from './errors.js';
import { describeTarget, type ClientTarget } from './target.js';
import { unixPost } from './unix-http.js';

/** Why `path` cannot be a control socket (a directory, a plain file), or undefined when it may be one. */
function notASocket(path: string): string | undefined {
  let st;
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  if (st.isDirectory()) return `${path} is a directory, not a control socket (give the socket file, e.g. -s ${join(path, 'cl.sock')})`;
  if (!st.isSocket()) return `${path} is not a socket (a node's control_socket is a unix socket)`;
  return undefined;
}

/** The hints printed after a transport failure, written once for every way of reaching a node. */
export const HINT = {
  /** A unix control socket that does not answer. */
  socket: 'is the node running? (start one with `cl node start -c node.yaml`, or pass --socket/-s)',
  /** An HTTP endpoint (`--url`) that does not answer. */
  url: 'is the MI endpoint up?',
} as const;

/** Transport error codes that mean "nobody is listening there". */
export const NOT_LISTENING = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EACCES', 'ENOTSOCK', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The routes a node serves: MI JSON-RPC and the event stream. */
export type Route = 'mi' | 'events';

/** Where one POST goes: a unix socket path or an http(s) host, and the request path. */
export interface Endpoint {
  options: RequestOptions;
  https: boolean;
  where: string;
}

/** Checks `--url` once, when the client is made: a bad one is a usage error (exit 2). */
export function parseUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch (cause) {
    throw new ClientError('CL_ERR_USAGE', `bad --url '${url}': expected http://HOST:PORT/mi`, { cause });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ClientError('CL_ERR_USAGE', `bad --url '${url}': expected http://HOST:PORT/mi`);
  return u;
}

/** The endpoint of a route; the MI root of a URL is its path (`/mi` when there is none), the event stream is always `/events`. */
export function endpointOf(target: ClientTarget, route: Route): Endpoint {
  const where = describeTarget(target);
  if (!target.url) return { options: { socketPath: target.socketPath, path: route === 'mi' ? '/mi' : '/events' }, https: false, where };
  const u = parseUrl(target.url);
  const miPath = u.pathname === '/' ? '/mi' : `${u.pathname}${u.search}`;
  const options: RequestOptions = { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || (u.protocol === 'https:' ? 443 : 80), path: route === 'mi' ? miPath : '/events' };
  if (u.username) options.auth = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
  return { options, https: u.protocol === 'https:', where };
}

/** A failure to reach the endpoint, as every command reports it. */
export function transportError(target: ClientTarget, cause: unknown): ClientError {
  if (cause instanceof ClientError) return cause;
  const where = describeTarget(target);
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const notSocket = target.socketPath !== undefined && code !== undefined ? notASocket(target.socketPath) : undefined;
  if (notSocket !== undefined) return new ClientError('CL_ERR_NODE_UNREACHABLE', `cannot reach ${where}: ${notSocket}`, { cause });
  if (code !== undefined && NOT_LISTENING.has(code)) {
    return new ClientError('CL_ERR_NODE_UNREACHABLE', `cannot reach ${where} (${code}): ${target.url ? HINT.url : HINT.socket}`, { cause });
  }
  return new ClientError('CL_ERR_NODE_UNREACHABLE', `cannot reach ${where}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
}

export const timeoutError = (target: ClientTarget, ms: number): ClientError =>
  new ClientError('CL_ERR_TIMEOUT', `no answer from ${describeTarget(target)} within ${ms} ms`);

/** Starts a POST of `body` (JSON) to a route; node:http for sockets and http, node:https only when a URL asks for it. */
export async function post(target: ClientTarget, route: Route, body: string, headers: OutgoingHttpHeaders = {}): Promise<ClientRequest> {
  const ep = endpointOf(target, route);
  // Loaded when used: most commands talk to a unix socket (unixPost), without node:http.
  const send = ep.https ? (await import('node:https')).request : (await import('node:http')).request;
  const req = send({
    ...ep.options,
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(target.url && target.token ? { authorization: `Bearer ${target.token}` } : {}), ...headers },
  });
  req.end(body);
  return req;
}

export interface TextResponse {
  status: number;
  text: string;
}

/** One POST and its whole response, bounded by `timeoutMs` from start to end. */
export async function postForText(target: ClientTarget, route: Route, body: string, headers: Record<string, string>, timeoutMs: number): Promise<TextResponse> {
  if (!target.url && target.socketPath !== undefined) {
    const extra = { 'Content-Type': 'application/json', ...headers };
    try {
      return await unixPost(target.socketPath, endpointOf(target, route).options.path!, body, extra, timeoutMs, () => timeoutError(target, timeoutMs));
    } catch (err) {
      const errno = (err as NodeJS.ErrnoException).code;
      if (errno === undefined && !(err instanceof ClientError)) throw new ClientError('CL_ERR_BAD_REPLY', `${describeTarget(target)}: ${(err as Error).message}`, { cause: err });
      throw transportError(target, err);
    }
  }
  const req = await post(target, route, body, headers);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => req.destroy(timeoutError(target, timeoutMs)), timeoutMs);
    const fail = (cause: unknown): void => {
      clearTimeout(timer);
      reject(transportError(target, cause));
    };
    req.on('error', fail);
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
  });
}
