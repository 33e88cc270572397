import { Client, errors as undiciErrors } from './undici-lite.js';
import { ClientError } from './errors.js';

export interface ClientTarget {
  /** Unix socket of a local node. */
  socketPath?: string;
  /** Any MI JSON-RPC endpoint, e.g. a real OpenSIPS mi_http `http://127.0.0.1:8888/mi`. */
  url?: string;
  timeoutMs: number;
}

export interface RpcErrorBody {
  code: number;
  message: string;
  data?: string;
}

const describe = (t: ClientTarget): string => t.url ?? `unix:${t.socketPath}`;

/** JSON-RPC 2.0 client for the MI control surface of a node (or OpenSIPS). */
export class ControlClient {
  private readonly client: Client;
  private readonly path: string;
  private nextId = 1;

  constructor(private readonly target: ClientTarget) {
    const opts = { headersTimeout: target.timeoutMs, bodyTimeout: target.timeoutMs, connectTimeout: target.timeoutMs };
    if (target.url) {
      let u: URL;
      try {
        u = new URL(target.url);
      } catch (cause) {
        throw new ClientError('CL_ERR_USAGE', `bad --url '${target.url}': expected http://HOST:PORT/mi`, { cause });
      }
      this.client = new Client(u.origin, opts);
      this.path = u.pathname === '/' ? '/mi' : u.pathname;
    } else {
      this.client = new Client('http://localhost', { ...opts, socketPath: target.socketPath });
      this.path = '/mi';
    }
  }

  /** Calls an MI method; resolves with `result`, rejects with a ClientError. */
  async call(method: string, params?: unknown[] | Record<string, unknown>): Promise<unknown> {
    const req: Record<string, unknown> = { jsonrpc: '2.0', method, id: this.nextId++ };
    if (params !== undefined) req.params = params;
    let status: number;
    let text: string;
    try {
      const res = await this.client.request({
        path: this.path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(req),
        signal: AbortSignal.timeout(this.target.timeoutMs),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (cause) {
      throw this.transportError(cause);
    }
    if (status !== 200) {
      throw new ClientError('CL_ERR_HTTP', `${describe(this.target)} answered HTTP ${status}: ${text.trim().slice(0, 200)}`);
    }
    let body: { result?: unknown; error?: RpcErrorBody };
    try {
      body = JSON.parse(text) as typeof body;
    } catch (cause) {
      throw new ClientError('CL_ERR_BAD_REPLY', `${describe(this.target)} sent a reply that is not JSON`, { cause });
    }
    if (body.error) {
      const e = body.error;
      throw new ClientError('CL_ERR_RPC', e.data ? `${e.message}: ${e.data}` : e.message, { rpcCode: e.code, data: e.data });
    }
    return body.result;
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => {});
  }

  private transportError(cause: unknown): ClientError {
    const where = describe(this.target);
    const code = (cause as { code?: string } | undefined)?.code;
    if (
      cause instanceof undiciErrors.HeadersTimeoutError ||
      cause instanceof undiciErrors.BodyTimeoutError ||
      cause instanceof undiciErrors.ConnectTimeoutError ||
      (cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError'))
    ) {
      return new ClientError('CL_ERR_TIMEOUT', `no answer from ${where} within ${this.target.timeoutMs} ms`, { cause });
    }
    if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EACCES' || code === 'ENOTSOCK') {
      const hint = this.target.url ? 'is the MI endpoint up?' : 'is the node running? (start one with `cl node start -c node.yaml`, or pass --socket/-s)';
      return new ClientError('CL_ERR_NODE_UNREACHABLE', `cannot reach ${where} (${code}): ${hint}`, { cause });
    }
    return new ClientError('CL_ERR_NODE_UNREACHABLE', `cannot reach ${where}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
