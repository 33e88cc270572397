import { BinTransport } from '../../src/engine/transport/transport.js';
import type { Endpoint, Transport, TransportFactory } from '../../src/engine/transport/types.js';

/** Fault injection on real sockets: while `dropPeer` returns true for a peer IP, frames to and from it are lost, like a cut cable. */
export interface Faults {
  dropPeer: ((peerHost: string) => boolean) | undefined;
}

/** BIN over TCP with a switch to lose frames: a test transport, never the production one. */
export function faultyTcp(faults: Faults): TransportFactory {
  return (init) => {
    const inner = new BinTransport({
      ...init,
      hooks: {
        ...init.hooks,
        onFrame: (frame, from) => {
          if (!faults.dropPeer?.(from.remoteAddress)) init.hooks.onFrame(frame, from);
        },
      },
    });
    const t: Transport = {
      get bound() {
        return inner.bound;
      },
      start: () => inner.start(),
      stop: () => inner.stop(),
      send: (peer: Endpoint, localHost: string, frame: Buffer) => (faults.dropPeer?.(peer.host) ? Promise.resolve(true) : inner.send(peer, localHost, frame)),
      trySend: (peer: Endpoint, frame: Buffer) => (faults.dropPeer?.(peer.host) ? true : inner.trySend(peer, frame)),
      isConnected: (peer: Endpoint) => inner.isConnected(peer),
      disconnect: (peer: Endpoint) => inner.disconnect(peer),
      drained: (peer: Endpoint) => inner.drained(peer),
      backlog: (peer: Endpoint) => inner.backlog(peer),
      reloadTls: (settings) => inner.reloadTls(settings),
    };
    return t;
  };
}
