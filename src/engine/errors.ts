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

export function isClError(err: unknown, code?: string): err is ClError {
  return err instanceof ClError && (code === undefined || err.code === code);
}
