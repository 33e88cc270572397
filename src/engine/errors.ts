/**
 * Base error for everything the engine reports. Every error carries a stable
 * string code (`CL_ERR_*`); callers map codes, never message text.
 */
export class ClError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A ClError whose code is one of a layer's own codes (`class WireError extends CodedError<WireErrorCode> {}`). */
export class CodedError<C extends string> extends ClError {
  declare readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export function isClError(err: unknown, code?: string): err is ClError {
  return err instanceof ClError && (code === undefined || err.code === code);
}
