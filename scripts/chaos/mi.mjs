// JSON-RPC over a node's control socket (what `cl mi` speaks), bounded by a timeout.
import { request } from 'node:http';

let nextId = 1;

/** Calls `method` on the node at `socketPath`; resolves with its result, rejects with its error (or a timeout). */
export function mi(socketPath, method, params = [], timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', method, params, id: nextId++ });
    const req = request({ socketPath, path: '/mi', method: 'POST', headers: { 'content-type': 'application/json', 'x-cl-error-data': 'object' }, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        try {
          const r = JSON.parse(text);
          if (r.error) reject(new Error(`${method}: ${r.error.message}${r.error.data?.code ? ` (${r.error.data.code})` : ''}`));
          else resolve(r.result);
        } catch {
          reject(new Error(`${method}: bad reply ${text.slice(0, 200)}`));
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method}: no reply within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
