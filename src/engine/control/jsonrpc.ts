import { MiError, RpcCode } from './errors.js';
import { bindParams } from './method.js';
import type { MethodRegistry } from './registry.js';

export type RpcId = number | string | null;

export interface RpcSuccess {
  jsonrpc: '2.0';
  result: unknown;
  id: RpcId;
}

export interface RpcFailure {
  jsonrpc: '2.0';
  error: { code: number; message: string; data?: string };
  id: RpcId;
}

export type RpcResponse = RpcSuccess | RpcFailure;

/** Member order matters: OpenSIPS tools compare raw replies, so keep `jsonrpc, result|error, id`. */
export const success = (result: unknown, id: RpcId): RpcSuccess => ({ jsonrpc: '2.0', result, id });

export function failure(err: MiError, id: RpcId): RpcFailure {
  const error: RpcFailure['error'] = { code: err.rpcCode, message: err.message };
  if (err.data !== undefined) error.data = err.data;
  return { jsonrpc: '2.0', error, id };
}

function isValidId(v: unknown): v is RpcId {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * Handles one JSON-RPC request body. Returns `undefined` for a notification
 * (no `id`) that did not fail at parse/validation time. Never throws: any
 * unexpected handler failure becomes a -32000 Server error.
 */
export async function handleRpc<Ctx>(
  body: string,
  registry: MethodRegistry<Ctx>,
  ctx: Ctx,
  onInternalError?: (method: string, err: unknown) => void,
): Promise<RpcResponse | undefined> {
  let req: unknown;
  try {
    req = JSON.parse(body);
  } catch {
    return failure(new MiError(RpcCode.PARSE_ERROR, 'Parse error'), null);
  }
  if (typeof req !== 'object' || req === null || Array.isArray(req)) {
    return failure(new MiError(RpcCode.INVALID_REQUEST, 'Invalid Request'), null);
  }
  const r = req as Record<string, unknown>;
  const hasId = 'id' in r;
  const id: RpcId = hasId && isValidId(r.id) ? r.id : null;
  const badParams = r.params !== undefined && r.params !== null && typeof r.params !== 'object';
  if (r.jsonrpc !== '2.0' || typeof r.method !== 'string' || (hasId && !isValidId(r.id)) || badParams) {
    return failure(new MiError(RpcCode.INVALID_REQUEST, 'Invalid Request'), id);
  }
  try {
    const def = registry.resolve(r.method);
    const params = bindParams(def, r.params);
    const result = await def.handler(params, ctx);
    if (!hasId) return undefined;
    if (result === undefined || result === null) {
      return failure(new MiError(RpcCode.SERVER_ERROR, 'Server error', 'Command handler returned null'), id);
    }
    return success(result, id);
  } catch (err) {
    if (!hasId) return undefined;
    if (err instanceof MiError) return failure(err, id);
    onInternalError?.(r.method, err);
    const why = err instanceof Error ? err.message : String(err);
    return failure(new MiError(RpcCode.SERVER_ERROR, 'Server error', `CL_ERR_INTERNAL: ${why}`), id);
  }
}
