import type { Socket } from 'node:net';
import { FrameDecoder } from '../wire/stream.js';
import { MAX_PACKET_LEGACY } from '../wire/constants.js';
import { WireCode, type WireError } from '../wire/errors.js';
import { READ_PAUSE_BACKLOG, type CloseReason } from './limits.js';

/** Where a frame came from: the TCP peer, and the connection to answer on. */
export interface FrameSource {
  remoteAddress: string;
  remotePort: number;
  /** Writes on this very connection (OpenSIPS answers UNKNOWN_ID this way). */
  reply(frame: Buffer): boolean;
  /** True for a connection this node opened. */
  outbound: boolean;
  /**
   * The inbound path accepted a packet of a member on this connection: it is
   * no longer a stranger's (no idle timeout, never evicted).
   */
  accepted?(): void;
}

export interface ConnectionHooks {
  onFrame(frame: Buffer, from: FrameSource): void;
  onStreamError(err: WireError, from: FrameSource): void;
}

/** IPv4-mapped IPv6 addresses are shown and compared as plain IPv4. */
export const plainIp = (addr: string | undefined): string => (addr ?? '').replace(/^::ffff:/, '');

export interface ReaderOptions {
  maxPacket: number;
  /** A started packet must be whole within this many ms. */
  frameTimeoutMs: number;
  /** Unsent bytes on the connection past which it is cut. */
  maxPendingBytes: number;
  /** The connection is closed for one of the transport's limits. */
  onLimit(reason: CloseReason, from: FrameSource, detail: string): void;
  /** Called by `accepted()`. */
  onAccepted?(): void;
  /** Reading paused: the peer leaves our answers unread. */
  onPaused?(): void;
}

/**
 * Reads BIN frames from a socket. A framing error closes the connection, as
 * OpenSIPS does: there is no resynchronisation inside a TCP stream. A packet
 * that takes longer than `frameTimeoutMs` to arrive closes it too, and
 * reading pauses while the peer leaves our answers unread.
 */
export function attachReader(socket: Socket, outbound: boolean, hooks: ConnectionHooks, opts: ReaderOptions): FrameSource {
  const decoder = new FrameDecoder({ maxPacket: opts.maxPacket, maxBuffered: Math.max(opts.maxPacket, MAX_PACKET_LEGACY) });
  let ip: string | undefined; // a connected socket's peer does not change: normalised once
  let deadline: NodeJS.Timeout | undefined;
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
    reply: (frame) => {
      if (socket.destroyed) return false;
      if (socket.writableLength + frame.length > opts.maxPendingBytes) {
        opts.onLimit('backlog', from, `${socket.writableLength} bytes unread by the peer`);
        socket.destroy();
        return false;
      }
      socket.write(frame);
      if (socket.writableLength > READ_PAUSE_BACKLOG && !socket.isPaused()) {
        socket.pause();
        opts.onPaused?.();
        socket.once('drain', () => socket.resume());
      }
      return true;
    },
    outbound,
    accepted: () => opts.onAccepted?.(),
  };
  const clearDeadline = (): void => {
    if (deadline) clearTimeout(deadline);
    deadline = undefined;
  };
  socket.once('close', clearDeadline);
  socket.on('data', (chunk: Buffer) => {
    const { frames, error } = decoder.push(chunk);
    for (const f of frames) hooks.onFrame(f, from);
    if (error) {
      clearDeadline();
      if (error.code === WireCode.TOO_LARGE) opts.onLimit('frame_too_large', from, error.message);
      hooks.onStreamError(error, from);
      socket.destroy();
      return;
    }
    // A packet started: it has frameTimeoutMs to arrive whole (restarted for each new packet).
    if (decoder.buffered === 0) clearDeadline();
    else if (frames.length > 0 || !deadline) {
      clearDeadline();
      deadline = setTimeout(() => {
        deadline = undefined;
        if (socket.destroyed) return;
        opts.onLimit('frame_timeout', from, `${decoder.buffered} bytes of a packet pending after ${opts.frameTimeoutMs} ms`);
        socket.destroy();
      }, opts.frameTimeoutMs);
      deadline.unref();
    }
  });
  return from;
}
