import { ClError } from '../errors.js';

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
 * An error an MI method returns to its caller. `rpcCode` is the JSON-RPC
 * `error.code` (a standard code or a command-level code such as 400/404/500,
 * as OpenSIPS uses); `data` is the optional `error.data` text.
 */
export class MiError extends ClError {
  readonly rpcCode: number;
  readonly data: string | undefined;

  constructor(rpcCode: number, message: string, data?: string, options?: { cause?: unknown }) {
    super(codeFor(rpcCode), message, options);
    this.rpcCode = rpcCode;
    this.data = data;
  }
}

function codeFor(rpcCode: number): string {
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

export const invalidParams = (data: string): MiError => new MiError(RpcCode.INVALID_PARAMS, 'Invalid params', data);
