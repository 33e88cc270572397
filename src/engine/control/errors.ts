import { codeForRpc, RpcCode } from '../../contract/index.js';
import { ClError } from '../errors.js';

export { RpcCode } from '../../contract/index.js';

/**
 * An error an MI method returns to its caller. `rpcCode` is the JSON-RPC
 * `error.code` (a standard code or a command-level code such as 400/404/500,
 * as OpenSIPS uses); `data` is the optional `error.data` text. `code` is our
 * stable code: the one given, else one for the JSON-RPC code (codeForRpc).
 */
export class MiError extends ClError {
  readonly rpcCode: number;
  readonly data: string | undefined;
  /** What the error is about, named (`node 9 is not known in cluster 1`): sent only in the object form of `error.data`, so OpenSIPS tools see OpenSIPS's bytes. */
  readonly detail: string | undefined;

  constructor(rpcCode: number, message: string, data?: string, options?: { cause?: unknown; code?: string; detail?: string }) {
    super(options?.code ?? codeForRpc(rpcCode), message, options);
    this.rpcCode = rpcCode;
    this.data = data;
    this.detail = options?.detail;
  }
}

export const invalidParams = (data: string): MiError => new MiError(RpcCode.INVALID_PARAMS, 'Invalid params', data);
