import { request } from 'node:http';
import { ClientError } from './errors.js';
import type { RpcErrorBody } from './control-client.js';

/**
 * One JSON-RPC call over a node's unix control socket with node:http, for
 * the `cl mi` fast path: loading an HTTP client library costs more than the
 * whole call on a local socket. Same errors and codes as ControlClient.
 */
export function callOverSocket(socketPath: string, method: string, params: unknown, timeoutMs: number): Promise<unknown> {
  const req: Record<string, unknown> = { jsonrpc: '2.0', method, id: 1 };
  if (params !== undefined) req.params = params;
  const body = JSON.stringify(req);
  return new Promise((resolve, reject) => {
    const r = request(
      { socketPath, path: '/mi', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (cause) => reject(new ClientError('CL_ERR_NODE_UNREACHABLE', `unix:${socketPath}: ${cause.message}`, { cause })));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new ClientError('CL_ERR_HTTP', `unix:${socketPath} answered HTTP ${res.statusCode}: ${text.trim().slice(0, 200)}`));
          let parsed: { result?: unknown; error?: RpcErrorBody };
          try {
            parsed = JSON.parse(text) as typeof parsed;
          } catch (cause) {
            return reject(new ClientError('CL_ERR_BAD_REPLY', `unix:${socketPath} sent a reply that is not JSON`, { cause }));
          }
          const e = parsed.error;
          if (e) return reject(new ClientError('CL_ERR_RPC', e.data ? `${e.message}: ${e.data}` : e.message, { rpcCode: e.code, data: e.data }));
          resolve(parsed.result);
        });
      },
    );
    r.on('timeout', () => r.destroy(new ClientError('CL_ERR_TIMEOUT', `no answer from unix:${socketPath} within ${timeoutMs} ms`)));
    r.on('error', (cause: NodeJS.ErrnoException) => {
      if (cause instanceof ClientError) return reject(cause);
      const code = cause.code ?? '';
      reject(new ClientError('CL_ERR_NODE_UNREACHABLE', `cannot reach unix:${socketPath} (${code || cause.message}): is the node running? (start one with \`cl node start -c node.yaml\`, or pass --socket/-s)`, { cause }));
    });
    r.end(body);
  });
}
