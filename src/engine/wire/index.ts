/** Public API of the BIN wire codec. */
export * from './constants.js';
export * from './errors.js';
export { BinReader, BinWriter } from './buffer.js';
export { decodePacket, encodePacket, finishPacket, peekHeader, startPacket } from './packet.js';
export type { BinPacket, PacketHeader, PacketLimits } from './packet.js';
export { decodeMessage, encodeMessage, trailerAt, versionFor } from './messages.js';
export { appendPathHop, readTrailer, withDst } from './relay.js';
export { FrameDecoder } from './stream.js';
export type { FrameDecoderOptions, PushResult } from './stream.js';
export type * from './types.js';
