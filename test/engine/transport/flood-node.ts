/**
 * A node in a process of its own, for measuring its memory: prints
 * `{"port":N}` once listening; on each line `rss` on stdin it collects
 * garbage (when run with --expose-gc) and prints process.memoryUsage().
 * Arguments: host, control socket path.
 */
import { createInterface } from 'node:readline';
import { parseConfig } from '../../../src/engine/config/index.js';
import { createLogger } from '../../../src/engine/log.js';
import { ClusterNode } from '../../../src/engine/node.js';
import { freePort } from '../../helpers/ports.js';

const [host, socket] = process.argv.slice(2) as [string, string];
const port = await freePort(host);
const { config } = parseConfig({ my_node_id: 1, db_mode: 0, my_node_info: `cluster_id=1, url=bin:${host}:${port}`, control_socket: socket, log_level: 'info' });
const node = new ClusterNode({ config, log: createLogger('info'), rememberPeers: false });
const gc = (globalThis as { gc?: () => void }).gc;

async function settle(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 5; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage();
}

await node.start();
process.stdout.write(`${JSON.stringify({ port: node.transport.bound[0]!.port })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on('line', (l) => {
  if (l.trim() === 'rss') void settle().then((m) => process.stdout.write(`${JSON.stringify(m)}\n`));
});
lines.on('close', () => void node.stop().then(() => process.exit(0)));
