/** A BinTransport on a loopback address with recording hooks, and raw TCP clients to poke it with. */
import { connect, type Socket } from 'node:net';
import { createLogger, type LogRecord } from '../../../src/engine/log.js';
import { StatsRegistry } from '../../../src/engine/stats/registry.js';
import type { TlsSettings } from '../../../src/engine/config/tls.js';
import type { TransportLimits } from '../../../src/engine/transport/limits.js';
import { BinTransport, type FrameSource } from '../../../src/engine/transport/transport.js';
import { loopbackHost } from '../../helpers/ports.js';

export interface Harness {
  t: BinTransport;
  host: string;
  port: number;
  frames: { frame: Buffer; from: FrameSource }[];
  logs: LogRecord[];
  stats: StatsRegistry;
  stat(name: string): number;
}

/** `accept`: which frames count as a member's (their connection is then no stranger's); `answer`: sent back for every frame. */
export async function startTransport(limits: Partial<TransportLimits>, accept: (f: Buffer) => boolean = () => false, answer?: Buffer, tls?: TlsSettings): Promise<Harness> {
  const host = loopbackHost();
  const logs: LogRecord[] = [];
  const stats = new StatsRegistry();
  const frames: Harness['frames'] = [];
  const t = new BinTransport({
    listen: [{ host, port: 0, ...(tls ? { tls: true } : {}) }],
    ...(tls ? { tls } : {}),
    log: createLogger('debug', (r) => logs.push(r)),
    limits,
    stats,
    hooks: {
      onFrame: (frame, from) => {
        frames.push({ frame, from });
        if (accept(frame)) from.accepted?.();
        if (answer) from.reply(answer);
      },
      onStreamError: () => {},
    },
  });
  await t.start();
  return { t, host, port: t.bound[0]!.port, frames, logs, stats, stat: (n) => stats.read([`bin:${n}`])[`bin:${n}`] ?? 0 };
}

/** A raw client connection from `localAddress`; resolves once connected (or closed at once). */
export function client(host: string, port: number, localAddress = '127.0.0.1'): Promise<{ socket: Socket; closed: () => boolean }> {
  return new Promise((resolve) => {
    let closed = false;
    const socket = connect({ host, port, localAddress });
    socket.on('error', () => {});
    socket.on('close', () => (closed = true));
    socket.once('connect', () => resolve({ socket, closed: () => closed }));
    socket.once('close', () => resolve({ socket, closed: () => true }));
  });
}
