import { CodedError } from '../errors.js';

/** Stable codes of every wire-level failure. Callers switch on these, never on text. */
export const WireCode = {
  /** The first 4 bytes are not `P4CK`. */
  BAD_MARKER: 'CL_ERR_WIRE_BAD_MARKER',
  /** Length field < 17, disagrees with the buffer, or the capability length does not fit. */
  BAD_LENGTH: 'CL_ERR_WIRE_BAD_LENGTH',
  /** A field runs past the end of the packet (or the buffer ends before the packet does). */
  TRUNCATED: 'CL_ERR_WIRE_TRUNCATED',
  /** A packet larger than the configured maximum (65515 by default). */
  TOO_LARGE: 'CL_ERR_WIRE_TOO_LARGE',
  /** A type that does not exist under this capability. */
  UNKNOWN_TYPE: 'CL_ERR_WIRE_UNKNOWN_TYPE',
  /** SYNC/SYNC_END with a BIN version other than 3. */
  BAD_VERSION: 'CL_ERR_WIRE_BAD_VERSION',
  /** A list count out of its allowed range. */
  BAD_COUNT: 'CL_ERR_WIRE_BAD_COUNT',
  /** Bytes left after the last field of the message body. */
  TRAILING_BYTES: 'CL_ERR_WIRE_TRAILING_BYTES',
  /** A string longer than a u16 length can express. */
  STRING_TOO_LONG: 'CL_ERR_WIRE_STRING_TOO_LONG',
  /** A string that is not valid UTF-8 (decoding would not round-trip). */
  BAD_STRING: 'CL_ERR_WIRE_BAD_STRING',
  /** An integer out of range for its field, or a flag with a value we cannot represent. */
  BAD_VALUE: 'CL_ERR_WIRE_BAD_VALUE',
  /** Empty capability name, or a module message claiming a clusterer capability. */
  BAD_CAPABILITY: 'CL_ERR_WIRE_BAD_CAPABILITY',
  /** A SYNC chunk whose start marker is not 101010101. */
  BAD_CHUNK_MARKER: 'CL_ERR_WIRE_BAD_CHUNK_MARKER',
  /** Operation needs a trailer but the packet is clusterer-internal. */
  NO_TRAILER: 'CL_ERR_WIRE_NO_TRAILER',
  /** Operation needs a flooded message (with a path) and got another type. */
  NOT_FLOODED: 'CL_ERR_WIRE_NOT_FLOODED',
  /** Stream decoder: more bytes pending than allowed without completing a packet. */
  BUFFER_OVERRUN: 'CL_ERR_WIRE_BUFFER_OVERRUN',
  /** Stream decoder: an unexpected internal failure (should never happen). */
  INTERNAL: 'CL_ERR_WIRE_INTERNAL',
} as const;
export type WireErrorCode = (typeof WireCode)[keyof typeof WireCode];

export class WireError extends CodedError<WireErrorCode> {}

export function isWireError(err: unknown, code?: WireErrorCode): err is WireError {
  return err instanceof WireError && (code === undefined || err.code === code);
}
