import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { statSync } from 'node:fs';
import { chmod, link, lstat, mkdtemp, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { StatsRegistry } from '../stats/registry.js';
import { ERROR_DATA_HEADER, ERROR_DATA_OBJECT } from '../../contract/index.js';
import { ClError } from '../errors.js';
import type { Logger } from '../log.js';
import { handleRpc } from './jsonrpc.js';
import type { MethodRegistry } from './registry.js';
import { lazyBuiltin } from '../builtin.js';

const crypto = lazyBuiltin<typeof import('node:crypto')>('node:crypto');

/** Largest request body accepted by default (`mi_max_body`); MI requests are tiny. */
export const MAX_BODY_BYTES = 1 << 20;
/** A client that never finishes its request is dropped after this long. */
const REQUEST_TIMEOUT_MS = 10_000;

export interface ControlServerInit<Ctx> {
  registry: MethodRegistry<Ctx>;
  ctx: Ctx;
  log: Logger;
  /** Unix socket path (mode 0600). */
  socketPath?: string;
  /** Optional TCP listener, like OpenSIPS mi_http. */
  http?: { host: string; port: number };
  /** Bearer token every request on the TCP listener must carry (`mi_http_token`); the unix socket is guarded by its mode. */
  httpToken?: string | null;
  /** Largest request body (`mi_max_body`); a larger one is answered 413 and counted. */
  maxBodyBytes?: number;
  /** Where `control:control_body_too_large` is counted. */
  stats?: StatsRegistry;
  /** URL path served; OpenSIPS mi_http default root is `/mi`. */
  root?: string;
  /** Extra routes besides the MI root (the `/events` stream, `/metrics`, the status page); stopped before the server closes. */
  routes?: ControlRoute[];
}

/**
 * A route of its own beside the MI root (cl extension; OpenSIPS has none):
 * POST (`handle`), GET/HEAD (`get`) or both. On mi_http it obeys the same
 * bearer token as `/mi`.
 */
export interface ControlRoute {
  path: string;
  /** POST: called with the whole request body; owns `res` from then on. */
  handle?(req: IncomingMessage, res: ServerResponse, body: string): void;
  /** GET (and HEAD): owns `res`. */
  get?(req: IncomingMessage, res: ServerResponse): void;
  /** Ends every open response (node stopping). */
  stop?(): void;
}

/** Serves MI JSON-RPC 2.0 over HTTP, on a unix socket and optionally on TCP. */
export class ControlServer<Ctx> {
  private readonly servers: Server[] = [];
  private socketPath: string | undefined;
  httpAddress: { host: string; port: number } | undefined;
  private readonly maxBody: number;
  private readonly countTooLarge: (by?: number) => void;

  constructor(private readonly init: ControlServerInit<Ctx>) {
    this.maxBody = init.maxBodyBytes ?? MAX_BODY_BYTES;
    this.countTooLarge = init.stats?.counter('control', 'control_body_too_large') ?? (() => {});
  }

  async start(): Promise<void> {
    const { socketPath, http } = this.init;
    if (socketPath) {
      await ensureSocketFree(socketPath);
      const srv = this.makeServer();
      await listenPrivately(srv, socketPath);
      this.socketPath = socketPath;
      this.servers.push(srv);
    }
    if (http) {
      const srv = this.makeServer(this.init.httpToken ?? undefined);
      await listen(srv, { host: http.host, port: http.port }, `mi_http ${http.host}:${http.port}`);
      const addr = srv.address();
      if (addr && typeof addr === 'object') this.httpAddress = { host: addr.address, port: addr.port };
      this.servers.push(srv);
    }
  }

  async stop(): Promise<void> {
    for (const r of this.init.routes ?? []) r.stop?.();
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
    this.servers.length = 0;
    if (this.socketPath) await unlink(this.socketPath).catch(() => {});
    this.socketPath = undefined;
  }

  private makeServer(token?: string): Server {
    const srv = createServer((req, res) => {
      if (token !== undefined && !bearerMatches(req, token)) {
        res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer realm="cl"' });
        res.end('Unauthorized: this listener needs "Authorization: Bearer <mi_http_token>"\n');
        return;
      }
      void this.onRequest(req, res);
    });
    srv.requestTimeout = REQUEST_TIMEOUT_MS;
    srv.on('clientError', (_err, sock) => sock.destroy());
    return srv;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const root = this.init.root ?? '/mi';
    const path = (req.url ?? '/').split('?')[0];
    const route = this.init.routes?.find((r) => r.path === path);
    if (route) return this.onRoute(route, req, res);
    if (path !== root && path !== `${root}/`) return reply(res, 404, 'text/plain', 'Not Found\n');
    const body = await this.postBody(req, res);
    if (body === undefined) return;
    if (body.trim() === '') return reply(res, 400, 'text/plain', 'Bad Request: empty body\n');
    // Only a client that asks for it gets `error.data` as an object: OpenSIPS tools see OpenSIPS's bytes.
    const errorData = req.headers[ERROR_DATA_HEADER] === ERROR_DATA_OBJECT ? 'object' : 'text';
    const out = await handleRpc(
      body,
      this.init.registry,
      this.init.ctx,
      (method, err) => this.init.log.error(`MI command ${method} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
      { errorData },
    );
    if (out === undefined) return reply(res, 202, 'text/plain', '');
    reply(res, 200, 'application/json', JSON.stringify(out));
  }

  /** cl extension routes (see ControlRoute). */
  private async onRoute(route: ControlRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (route.get && (req.method === 'GET' || req.method === 'HEAD')) return route.get(req, res);
    if (!route.handle) {
      res.setHeader('Allow', 'GET, HEAD');
      return reply(res, 405, 'text/plain', 'Method Not Allowed\n');
    }
    const body = await this.postBody(req, res);
    if (body === undefined) return;
    route.handle(req, res, body);
  }

  /** The body of a POST, or undefined after answering 405/413 for anything else. */
  private async postBody(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
    if (req.method !== 'POST') {
      reply(res, 405, 'text/plain', 'Method Not Allowed\n');
      return undefined;
    }
    const tooLarge = (): undefined => {
      this.countTooLarge();
      this.init.log.warn(`refusing a control request: body larger than mi_max_body (${this.maxBody} bytes)`);
      res.setHeader('Connection', 'close');
      reply(res, 413, 'text/plain', `Request Entity Too Large (mi_max_body is ${this.maxBody} bytes)\n`);
      return undefined;
    };
    if (Number(req.headers['content-length'] ?? 0) > this.maxBody) return tooLarge();
    try {
      return await readBody(req, this.maxBody);
    } catch {
      return tooLarge();
    }
  }
}

/** The request carries `Authorization: Bearer <token>` (compared in constant time). */
function bearerMatches(req: IncomingMessage, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  const want = Buffer.from(token);
  return given.length === want.length && crypto().timingSafeEqual(given, want);
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new Error('body too large'));
        req.pause();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(srv: Server, opts: { path: string } | { host: string; port: number }, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const path = 'path' in opts ? opts.path : undefined;
      if (path !== undefined && (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'ENOTDIR')) {
        reject(new ClError('CL_ERR_CONFIG', socketPathProblem(path, err.code), { cause: err }));
        return;
      }
      const code = err.code === 'EADDRINUSE' ? 'CL_ERR_ADDR_IN_USE' : 'CL_ERR_LISTEN';
      reject(new ClError(code, `cannot listen on ${what}: ${err.code ?? err.message}`, { cause: err }));
    };
    srv.once('error', onError);
    srv.listen(opts, () => {
      srv.off('error', onError);
      resolve();
    });
  });
}

/** Why a control socket cannot be made at `path`: a configuration problem (exit 6), named. */
function socketPathProblem(path: string, errno: string): string {
  const dir = dirname(path);
  let isDir: boolean | undefined;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = undefined;
  }
  if (isDir === undefined) return `control_socket ${path}: the directory ${dir} does not exist (create it, or choose another path)`;
  if (!isDir) return `control_socket ${path}: ${dir} is not a directory`;
  if (errno === 'EACCES') return `control_socket ${path}: no permission to create a socket in ${dir}`;
  return `control_socket ${path}: cannot create the socket (${errno})`;
}

/**
 * Listens on `path` with mode 0600 from its first moment: the socket is
 * made in a fresh private directory beside it, restricted, then linked into
 * place (link, unlike rename, fails when the path was taken meanwhile).
 */
async function listenPrivately(srv: Server, path: string): Promise<void> {
  const what = `control socket ${path}`;
  let dir: string;
  try {
    dir = await mkdtemp(join(dirname(path), `.${basename(path)}.`));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'ENOTDIR') throw new ClError('CL_ERR_CONFIG', socketPathProblem(path, e.code), { cause: err });
    throw new ClError('CL_ERR_LISTEN', `cannot listen on ${what}: ${e.code ?? e.message} (the directory ${dirname(path)} must exist and be writable)`, { cause: err });
  }
  const tmp = join(dir, 's');
  try {
    await listen(srv, { path: tmp }, what);
    await chmod(tmp, 0o600);
    try {
      await link(tmp, path);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      srv.close();
      if (e.code === 'EEXIST') throw new ClError('CL_ERR_ADDR_IN_USE', `control socket ${path} was taken by another node while this one started`, { cause: err });
      throw new ClError('CL_ERR_LISTEN', `cannot listen on ${what}: ${e.code ?? e.message}`, { cause: err });
    }
  } finally {
    await unlink(tmp).catch(() => {});
    await rmdir(dir).catch(() => {});
  }
}

/**
 * A leftover socket file from a crashed node is removed; one that still
 * answers belongs to a running node and is never taken over (exit 7). A
 * path that is not a socket is never removed.
 */
async function ensureSocketFree(path: string): Promise<void> {
  const st = await lstat(path).catch(() => undefined);
  if (st === undefined) return;
  if (!st.isSocket()) {
    throw new ClError('CL_ERR_LISTEN', `control socket ${path} exists and is not a socket; refusing to replace it (remove it or choose another control_socket)`);
  }
  const alive = await new Promise<boolean>((resolve) => {
    const s = connect({ path });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
  if (alive) {
    throw new ClError('CL_ERR_ADDR_IN_USE', `control socket ${path} is in use by another running node`);
  }
  await unlink(path).catch(() => {});
}
