import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Default path of a node's control socket, shared by the node and the CLI so
 * that one local node works without any flag and without root:
 * `$CL_SOCKET`, else `$XDG_RUNTIME_DIR/cl.sock`, else `<tmpdir>/cl-<uid>.sock`.
 */
export function defaultControlSocket(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CL_SOCKET) return env.CL_SOCKET;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'cl.sock');
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return join(tmpdir(), `cl-${uid}.sock`);
}
