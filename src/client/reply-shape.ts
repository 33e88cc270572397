import { ClientError } from './errors.js';

/**
 * Shape checks of the replies the client receives: a node (or another
 * program behind `--url`) may answer anything, so every reply is checked
 * before it is trusted.
 */
export const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The reply is not what `method` answers (e.g. another program behind `--url`): exit 8, not a crash. */
export function badReply(method: string, what: string): ClientError {
  return new ClientError('CL_ERR_BAD_REPLY', `unexpected reply to ${method}: ${what}`);
}

export const hasFields = (n: unknown, fields: Record<string, 'number' | 'string' | 'array'>): n is Record<string, unknown> =>
  isObject(n) && Object.entries(fields).every(([k, t]) => (t === 'array' ? Array.isArray(n[k]) : typeof n[k] === t));
