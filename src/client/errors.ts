import { ClError } from '../engine/errors.js';

/** Errors of the control client; `code` decides the CLI exit code. */
export class ClientError extends ClError {
  /** JSON-RPC `error.code` when the node answered with an error. */
  readonly rpcCode: number | undefined;
  readonly data: string | undefined;

  constructor(code: string, message: string, opts: { cause?: unknown; rpcCode?: number; data?: string } = {}) {
    super(code, message, { cause: opts.cause });
    this.rpcCode = opts.rpcCode;
    this.data = opts.data;
  }
}
