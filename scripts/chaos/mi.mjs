// JSON-RPC over a node's control socket for the chaos run: a new connection
// per call (nodes are killed and restarted under it).
import { call } from '../lib/mi.mjs';

/** Calls `method` on the node at `socketPath`; resolves with its result, rejects with its error (or a timeout). */
export const mi = (socketPath, method, params = [], timeoutMs = 3000) => call(socketPath, method, params, { timeoutMs });
