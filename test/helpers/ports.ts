import { createServer } from 'node:net';

/** A TCP port that is free on `host` right now (the OS picks it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({ host, port: 0 }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

let nextHost = 10 + (process.pid % 200);
/** A distinct 127.0.0.x address per call, so parallel test files rarely share one. */
export function loopbackHost(): string {
  nextHost = nextHost >= 250 ? 10 : nextHost + 1;
  return `127.0.0.${nextHost}`;
}
