// JSON-RPC over a node's control socket (what `cl mi` speaks), bounded by a
// timeout: the one client of the chaos run, the benchmarks and the scripts.
import { Agent, request } from 'node:http';

let nextId = 1;
const agents = new Map();

/** A keep-alive agent per control socket (one connection each), for callers that poll. */
export function keepAlive(socketPath) {
  let a = agents.get(socketPath);
  if (!a) {
    a = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.set(socketPath, a);
  }
  return a;
}

/** Closes the keep-alive connection of `socketPath` (its node stopped). */
export function dropKeepAlive(socketPath) {
  agents.get(socketPath)?.destroy();
  agents.delete(socketPath);
}

/**
 * Calls `method` on the node at `socketPath` (params left out when undefined);
 * resolves with its result, rejects with its error message and, when the node
 * gives one, our error code, or after `timeoutMs`.
 */
export function call(socketPath, method, params, { timeoutMs = 3000, agent } = {}) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }), id: nextId++ });
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-cl-error-data': 'object' };
    const req = request({ socketPath, path: '/mi', method: 'POST', headers, timeout: timeoutMs, ...(agent ? { agent } : {}) }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let r;
        try {
          r = JSON.parse(text);
        } catch {
          return reject(new Error(`${method}: bad reply ${text.slice(0, 200)}`));
        }
        if (r.error) reject(new Error(`${method}: ${r.error.message}${r.error.data?.code ? ` (${r.error.data.code})` : ''}`));
        else resolve(r.result);
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method}: no reply within ${timeoutMs} ms on ${socketPath}`)));
    req.on('error', reject);
    req.end(body);
  });
}
