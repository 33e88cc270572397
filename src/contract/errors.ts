/** JSON-RPC 2.0 standard error codes, plus OpenSIPS's "Method ambiguous". */
export const RpcCode = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  SERVER_ERROR: -32000,
  METHOD_AMBIGUOUS: -32001,
} as const;

/**
 * The request header by which a client asks for `error.data` as an object
 * (ErrorData) instead of OpenSIPS's text. Without it replies are byte for
 * byte those of OpenSIPS. See docs/control.md.
 */
export const ERROR_DATA_HEADER = 'x-cl-error-data';
export const ERROR_DATA_OBJECT = 'object';

/** `error.data` when the client opted in: our stable code, and the OpenSIPS text when there is one. */
export interface ErrorData {
  code: string;
  detail?: string;
}

export const isErrorData = (v: unknown): v is ErrorData =>
  typeof v === 'object' && v !== null && typeof (v as ErrorData).code === 'string' && ((v as ErrorData).detail === undefined || typeof (v as ErrorData).detail === 'string');

/** The code of an MI error that carries no code of its own (any OpenSIPS error, say), from its JSON-RPC code. */
export function codeForRpc(rpcCode: number): string {
  switch (rpcCode) {
    case RpcCode.PARSE_ERROR:
      return 'CL_ERR_RPC_PARSE';
    case RpcCode.INVALID_REQUEST:
      return 'CL_ERR_RPC_INVALID_REQUEST';
    case RpcCode.METHOD_NOT_FOUND:
      return 'CL_ERR_RPC_METHOD_NOT_FOUND';
    case RpcCode.INVALID_PARAMS:
      return 'CL_ERR_RPC_INVALID_PARAMS';
    case RpcCode.METHOD_AMBIGUOUS:
      return 'CL_ERR_RPC_METHOD_AMBIGUOUS';
    default:
      return rpcCode < 0 ? 'CL_ERR_RPC_SERVER' : 'CL_ERR_RPC_COMMAND';
  }
}

/** The code of `cache_fetch`'s "Value not found" (400) on a cl node; the key-value store's own table is src/engine/kv/errors.ts. */
export const KV_NOT_FOUND_CODE = 'CL_ERR_KV_NOT_FOUND';
