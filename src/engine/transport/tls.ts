import type { Socket } from 'node:net';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import { lazyBuiltin } from '../builtin.js';
import { loadTlsMaterial, type TlsMaterial } from '../config/tls-files.js';
import type { TlsSettings } from '../config/tls.js';
import type { Logger } from '../log.js';
import type { CloseReason } from './limits.js';
import { peerRefusal, type PeerCertificate } from './tls-checks.js';
import type { Endpoint } from './types.js';

const tls = lazyBuiltin<typeof import('node:tls')>('node:tls');

/** A refused or failed TLS connection: counted and logged by the transport. */
export type TlsRefuse = (reason: Extract<CloseReason, 'tls_refused' | 'tls_handshake_failed' | 'tls_handshake_timeout'>, ip: string, detail: string) => void;

export interface TlsInit {
  settings: TlsSettings;
  handshakeTimeoutMs: number;
  log: Logger;
  refuse: TlsRefuse;
}

/** An OpenSSL error in one line: its code and reason (`ERR_SSL_WRONG_VERSION_NUMBER: wrong version number`). */
const describe = (err: unknown): string => {
  const e = err as (NodeJS.ErrnoException & { reason?: string }) | undefined;
  const msg = typeof e?.reason === 'string' ? e.reason : e instanceof Error ? e.message.split('\n')[0]! : String(err);
  return e?.code ? `${e.code}: ${msg}` : msg;
};

/** What the handshake of `s` says about the peer's certificate. */
function peerCertificate(s: TLSSocket): PeerCertificate {
  const cert = s.getPeerCertificate();
  const presented = cert !== null && cert !== undefined && Object.keys(cert).length > 0;
  const cn = presented ? (cert.subject?.CN as string | string[] | undefined) : undefined;
  const err = s.authorizationError as unknown;
  return { presented, authorized: s.authorized, error: err === undefined || err === null ? undefined : String(err), cn: Array.isArray(cn) ? cn.join('+') : cn };
}

/**
 * BIN over TLS, the part the transport does not share with plain BIN: the
 * handshake of accepted and dialled connections and the checks of the
 * peer's certificate (verify_peer: it chains to ca_list and is within its
 * dates; require_cert: a connecting peer presents one). Framing, limits and
 * backpressure stay the transport's: it gets the TLS socket once the peer
 * passed. Node's own rejection is off so that every refusal can be logged
 * with its reason; nothing of the peer is read before the checks pass.
 */
export class TlsLayer {
  private settings: TlsSettings;
  private material: TlsMaterial;
  private server: TlsServer | undefined;
  /** Accepted connections in their handshake, by remote address and port. */
  private readonly pending = new Map<string, { ip: string; ready: (s: TLSSocket) => void; raw: Socket; done: boolean }>();

  /** Reads the files of `settings` (throws ConfigError naming a bad file). */
  constructor(private readonly init: TlsInit) {
    this.settings = init.settings;
    this.material = loadTlsMaterial(init.settings);
    this.noteExpiry();
  }

  /** Certificate, key and CA list read again (the same or new settings); new connections use them, open ones stay. */
  reload(settings: TlsSettings): TlsMaterial {
    const m = loadTlsMaterial(settings);
    this.settings = settings;
    this.material = m;
    if (this.server) {
      this.server.setSecureContext(m.options);
      // Read by the server for each new connection (Node's tls.Server, undocumented in its types).
      (this.server as unknown as { requestCert: boolean }).requestCert = this.requestCert();
    }
    this.noteExpiry();
    return m;
  }

  get current(): TlsMaterial {
    return this.material;
  }

  private requestCert(): boolean {
    return this.settings.verifyPeer || this.settings.requireCert;
  }

  private noteExpiry(): void {
    const now = Date.now();
    const m = this.material;
    if (m.notAfter.getTime() < now) this.init.log.warn(`the TLS certificate ${this.settings.certificate} expired on ${m.notAfter.toISOString()}: peers that verify it refuse this node`);
    else if (m.notBefore.getTime() > now) this.init.log.warn(`the TLS certificate ${this.settings.certificate} is not valid before ${m.notBefore.toISOString()}: peers that verify it refuse this node`);
  }

  /** Why a peer's certificate is refused, or null when it passes. */
  private check(s: TLSSocket, inbound: boolean): string | null {
    return peerRefusal(peerCertificate(s), this.settings, inbound);
  }

  private tlsServer(): TlsServer {
    if (this.server) return this.server;
    const srv = tls().createServer({ ...this.material.options, requestCert: this.requestCert(), rejectUnauthorized: false, handshakeTimeout: this.init.handshakeTimeoutMs });
    srv.on('secureConnection', (s: TLSSocket) => {
      const p = this.pending.get(`${s.remoteAddress}:${s.remotePort}`);
      if (!p || p.done) return void s.destroy();
      p.done = true;
      this.pending.delete(`${s.remoteAddress}:${s.remotePort}`);
      const refused = this.check(s, true);
      if (refused) {
        this.init.refuse('tls_refused', p.ip, `peer ${p.ip}:${s.remotePort} on a bins: listener ${refused}`);
        s.destroy();
        p.raw.destroy();
        return;
      }
      s.once('close', () => p.raw.destroy());
      p.ready(s);
    });
    srv.on('tlsClientError', (err: NodeJS.ErrnoException, s: TLSSocket) => {
      const k = `${s.remoteAddress}:${s.remotePort}`;
      const p = this.pending.get(k);
      if (!p || p.done) return void s.destroy();
      p.done = true;
      this.pending.delete(k);
      const timeout = err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT';
      const hint = /wrong version number|unknown protocol|http request|packet length too long/i.test(err.message) ? ' (not a TLS client: plain BIN on a bins: listener?)' : '';
      this.init.refuse(timeout ? 'tls_handshake_timeout' : 'tls_handshake_failed', p.ip, timeout
        ? `peer ${k} did not complete the TLS handshake within tls_handshake_timeout ${this.init.handshakeTimeoutMs} ms`
        : `peer ${k}: TLS handshake failed: ${describe(err)}${hint}`);
      s.destroy();
      p.raw.destroy();
    });
    this.server = srv;
    return srv;
  }

  /** Runs the server side of the handshake on an accepted connection; `ready` gets the TLS socket of a peer that passed. */
  accept(raw: Socket, ip: string, ready: (s: TLSSocket) => void): void {
    const k = `${raw.remoteAddress}:${raw.remotePort}`;
    const p = { ip, ready, raw, done: false };
    this.pending.set(k, p);
    raw.once('close', () => {
      if (this.pending.get(k) === p) this.pending.delete(k);
    });
    this.tlsServer().emit('connection', raw);
  }

  /**
   * Dials `peer` over TLS from `localHost`. `verified` runs once the
   * handshake is done and the peer's certificate passed; a peer that fails
   * is refused (logged, counted) and the socket destroyed.
   */
  connect(peer: Endpoint, localHost: string, verified: () => void): TLSSocket {
    // tls.connect passes localAddress on to the TCP connection (absent from its option types).
    const opts: import('node:tls').ConnectionOptions & { localAddress: string } = {
      host: peer.host,
      port: peer.port,
      localAddress: localHost,
      secureContext: this.material.context,
      rejectUnauthorized: false,
      // Peers are addressed by IP and share one cluster CA, as with tls_mgm: the chain is checked, not a name.
      checkServerIdentity: () => undefined,
    };
    const s = tls().connect(opts);
    s.setNoDelay(true);
    s.once('secureConnect', () => {
      const refused = this.check(s, false);
      if (refused) {
        this.init.refuse('tls_refused', peer.host, `peer bins:${peer.host}:${peer.port} ${refused}`);
        s.destroy();
        return;
      }
      verified();
    });
    return s;
  }

  stop(): void {
    for (const p of this.pending.values()) p.raw.destroy();
    this.pending.clear();
  }
}
