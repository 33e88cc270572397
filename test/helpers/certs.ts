/** Certificates made by the tests with openssl, in a temp dir: a CA, node certificates, an expired one. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './tmp.js';

export interface CertFiles {
  cert: string;
  key: string;
}

export interface Ca extends CertFiles {
  name: string;
}

const openssl = (args: string[], cwd: string): void => {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
};

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export class Pki {
  readonly dir: string;
  readonly cleanup: () => void;
  private n = 0;

  constructor() {
    const t = tempDir('cl-pki-');
    this.dir = t.dir;
    this.cleanup = t.cleanup;
  }

  /** A self-signed CA. */
  ca(name: string): Ca {
    const cert = join(this.dir, `${name}.pem`);
    const key = join(this.dir, `${name}.key`);
    openssl(['req', '-x509', ...EC, '-keyout', key, '-out', cert, '-days', '30', '-subj', `/CN=${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], this.dir);
    return { name, cert, key };
  }

  /**
   * A node certificate signed by `ca`, valid for IP `ip` (client and server
   * use); `expired`: its validity ended in 2020.
   */
  node(name: string, ca: Ca, opts: { ip?: string; expired?: boolean } = {}): CertFiles {
    const i = ++this.n;
    const cert = join(this.dir, `${name}.pem`);
    const key = join(this.dir, `${name}.key`);
    const csr = join(this.dir, `${name}.csr`);
    const ext = join(this.dir, `${name}.ext`);
    writeFileSync(ext, `subjectAltName=IP:${opts.ip ?? '127.0.0.1'}\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n`);
    openssl(['req', ...EC, '-keyout', key, '-out', csr, '-subj', `/CN=${name}`], this.dir);
    if (!opts.expired) {
      openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', String(1000 + i), '-days', '30', '-extfile', ext, '-out', cert], this.dir);
      return { cert, key };
    }
    // `openssl ca` is the one that takes explicit dates.
    const db = join(this.dir, `${name}.db`);
    writeFileSync(db, '');
    writeFileSync(join(this.dir, `${name}.serial`), `${(2000 + i).toString(16).padStart(4, '0')}\n`);
    const cnf = join(this.dir, `${name}.cnf`);
    writeFileSync(cnf, [
      '[ca]', 'default_ca = d', '[d]', `database = ${db}`, `new_certs_dir = ${this.dir}`, `serial = ${join(this.dir, `${name}.serial`)}`,
      'default_md = sha256', 'policy = p', 'unique_subject = no', '[p]', 'commonName = supplied', '',
    ].join('\n'));
    openssl(['ca', '-batch', '-config', cnf, '-cert', ca.cert, '-keyfile', ca.key, '-in', csr, '-out', cert, '-notext',
      '-startdate', '20200101000000Z', '-enddate', '20200201000000Z', '-extfile', ext], this.dir);
    return { cert, key };
  }
}

/** The `tls` section of a node using `files` and trusting `ca`. */
export const tlsSection = (files: CertFiles, ca: Ca, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  certificate: files.cert, private_key: files.key, ca_list: ca.cert, ...extra,
});
