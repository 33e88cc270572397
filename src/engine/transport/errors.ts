import { ClError } from '../errors.js';

export class TransportError extends ClError {}

export const addrInUse = (addr: string, cause: unknown): TransportError =>
  new TransportError('CL_ERR_ADDR_IN_USE', `BIN address ${addr} is already in use (another node running?)`, { cause });
