import type { TlsSettings } from '../config/tls.js';

/** What the handshake told about the peer's certificate. */
export interface PeerCertificate {
  /** The peer sent a certificate. */
  presented: boolean;
  /** It chains to ca_list and is within its dates (OpenSSL's verdict). */
  authorized: boolean;
  /** OpenSSL's reason when not authorized (`CERT_HAS_EXPIRED`, …). */
  error: string | undefined;
  /** Subject CN, for the log. */
  cn: string | undefined;
}

/**
 * Why a peer is refused, or null when it passes: `require_cert` (a peer
 * connecting to our listener must present a certificate) and `verify_peer`
 * (a certificate presented must have been verified), both directions.
 */
export function peerRefusal(peer: PeerCertificate, s: Pick<TlsSettings, 'verifyPeer' | 'requireCert' | 'caList'>, inbound: boolean): string | null {
  if (!peer.presented) {
    if (inbound && s.requireCert) return 'presented no certificate (require_cert is on)';
    if (!inbound && s.verifyPeer) return 'presented no certificate (verify_peer is on)';
    return null;
  }
  if (s.verifyPeer && !peer.authorized) {
    return `certificate failed verification against ca_list ${s.caList ?? ''}: ${peer.error ?? 'unknown reason'}${peer.cn ? `, subject CN=${peer.cn}` : ''}`;
  }
  return null;
}
