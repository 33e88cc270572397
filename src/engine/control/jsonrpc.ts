import type { ErrorData } from '../../contract/index.js';
import { ClError } from '../errors.js';
import { MiError, RpcCode } from './errors.js';
import { bindParams } from './method.js';
import type { MethodRegistry } from './registry.js';

export type RpcId = number | string | null;

export interface RpcSuccess {
  jsonrpc: '2.0';
  result: unknown;
  id: RpcId;
}

/** A failure; `data` is text unless the client asked for the object form. */
export interface RpcFailure<D = string> {
  jsonrpc: '2.0';
  error: { code: number; message: string; data?: D };
  id: RpcId;
}

export type RpcResponse<D = string> = RpcSuccess | RpcFailure<D>;
/** A reply in either form of `error.data`. */
export type AnyRpcResponse = RpcResponse<string | ErrorData>;

/** Member order matters: OpenSIPS tools compare raw replies, so keep `jsonrpc, result|error, id`. */
export const success = (result: unknown, id: RpcId): RpcSuccess => ({ jsonrpc: '2.0', result, id });

/**
 * How `error.data` is sent: `text`, OpenSIPS's optional free text (replies
 * byte for byte those of OpenSIPS), or `object`, `{"code":"CL_ERR_…","detail":…}`
 * for clients that ask for it (see ERROR_DATA_HEADER, docs/control.md).
 */
export type ErrorDataForm = 'text' | 'object';

export interface RpcOptions {
  errorData?: ErrorDataForm;
}

export function failure(err: MiError, id: RpcId, form: ErrorDataForm = 'text', code: string = err.code, detail: string | undefined = err.detail ?? err.data): RpcFailure<string | ErrorData> {
  const error: RpcFailure<string | ErrorData>['error'] = { code: err.rpcCode, message: err.message };
  if (form === 'object') error.data = detail === undefined ? { code } : { code, detail };
  else if (err.data !== undefined) error.data = err.data;
  return { jsonrpc: '2.0', error, id };
}

/** A handler failure that is not an MI error: -32000, with the ClError's own code in the object form. */
function internalFailure(err: unknown, id: RpcId, form: ErrorDataForm): RpcFailure<string | ErrorData> {
  const why = err instanceof Error ? err.message : String(err);
  const code = err instanceof ClError ? err.code : 'CL_ERR_INTERNAL';
  return failure(new MiError(RpcCode.SERVER_ERROR, 'Server error', `CL_ERR_INTERNAL: ${why}`), id, form, code, why);
}

function isValidId(v: unknown): v is RpcId {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * Handles one JSON-RPC request body. Returns `undefined` for a notification
 * (no `id`) that did not fail at parse/validation time. Never throws: any
 * unexpected handler failure becomes a -32000 Server error.
 */
export function handleRpc<Ctx>(body: string, registry: MethodRegistry<Ctx>, ctx: Ctx, onInternalError?: (method: string, err: unknown) => void): Promise<RpcResponse | undefined>;
export function handleRpc<Ctx>(body: string, registry: MethodRegistry<Ctx>, ctx: Ctx, onInternalError: ((method: string, err: unknown) => void) | undefined, opts: RpcOptions): Promise<AnyRpcResponse | undefined>;
export async function handleRpc<Ctx>(
  body: string,
  registry: MethodRegistry<Ctx>,
  ctx: Ctx,
  onInternalError?: (method: string, err: unknown) => void,
  opts: RpcOptions = {},
): Promise<AnyRpcResponse | undefined> {
  const form = opts.errorData ?? 'text';
  let req: unknown;
  try {
    req = JSON.parse(body);
  } catch {
    return failure(new MiError(RpcCode.PARSE_ERROR, 'Parse error'), null, form);
  }
  if (typeof req !== 'object' || req === null || Array.isArray(req)) {
    return failure(new MiError(RpcCode.INVALID_REQUEST, 'Invalid Request'), null, form);
  }
  const r = req as Record<string, unknown>;
  const hasId = 'id' in r;
  const id: RpcId = hasId && isValidId(r.id) ? r.id : null;
  const badParams = r.params !== undefined && r.params !== null && typeof r.params !== 'object';
  if (r.jsonrpc !== '2.0' || typeof r.method !== 'string' || (hasId && !isValidId(r.id)) || badParams) {
    return failure(new MiError(RpcCode.INVALID_REQUEST, 'Invalid Request'), id, form);
  }
  try {
    const def = registry.resolve(r.method);
    const params = bindParams(def, r.params);
    const result = await def.handler(params, ctx);
    if (!hasId) return undefined;
    if (result === undefined || result === null) {
      return failure(new MiError(RpcCode.SERVER_ERROR, 'Server error', 'Command handler returned null'), id, form, 'CL_ERR_INTERNAL');
    }
    return success(result, id);
  } catch (err) {
    if (!hasId) return undefined;
    if (err instanceof MiError) return failure(err, id, form);
    onInternalError?.(r.method, err);
    return internalFailure(err, id, form);
  }
}
