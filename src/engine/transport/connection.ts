import type { Socket } from 'node:net';
import { FrameDecoder } from '../wire/stream.js';
import type { WireError } from '../wire/errors.js';

/** Where a frame came from: the TCP peer, and the connection to answer on. */
export interface FrameSource {
  remoteAddress: string;
  remotePort: number;
  /** Writes on this very connection (OpenSIPS answers UNKNOWN_ID this way). */
  reply(frame: Buffer): boolean;
  /** True for a connection this node opened. */
  outbound: boolean;
}

export interface ConnectionHooks {
  onFrame(frame: Buffer, from: FrameSource): void;
  onStreamError(err: WireError, from: FrameSource): void;
}

/** IPv4-mapped IPv6 addresses are shown and compared as plain IPv4. */
export const plainIp = (addr: string | undefined): string => (addr ?? '').replace(/^::ffff:/, '');

/**
 * Reads BIN frames from a socket. A framing error closes the connection, as
 * OpenSIPS does: there is no resynchronisation inside a TCP stream.
 */
export function attachReader(socket: Socket, outbound: boolean, hooks: ConnectionHooks, maxPacket: number): FrameSource {
  const decoder = new FrameDecoder({ maxPacket });
  let ip: string | undefined; // a connected socket's peer does not change: normalised once
  const from: FrameSource = {
    get remoteAddress() {
      if (ip !== undefined) return ip;
      const addr = plainIp(socket.remoteAddress);
      if (socket.remoteAddress !== undefined) ip = addr;
      return addr;
    },
    get remotePort() {
      return socket.remotePort ?? 0;
    },
    reply: (frame) => !socket.destroyed && socket.write(frame) !== undefined,
    outbound,
  };
  socket.on('data', (chunk: Buffer) => {
    const { frames, error } = decoder.push(chunk);
    for (const f of frames) hooks.onFrame(f, from);
    if (error) {
      hooks.onStreamError(error, from);
      socket.destroy();
    }
  });
  return from;
}
