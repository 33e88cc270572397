import { request } from 'node:http';

export interface HttpReply {
  status: number;
  type: string;
  body: string;
}

/** GET `path` from a TCP listener or a unix socket, optionally with a bearer token. */
export function httpGet(target: { host: string; port: number } | { socketPath: string }, path: string, token?: string, timeoutMs = 3000): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
    const req = request({ ...target, path, method: 'GET', headers, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no reply to GET ${path} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
