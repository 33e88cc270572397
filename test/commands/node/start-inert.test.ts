import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startNodeProcess } from '../../helpers/cli.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';

test('node start: an inert OpenSIPS parameter that is set logs one warning; a parameter in effect (sync_timeout) none', async () => {
  const { dir, cleanup } = tempDir();
  const host = loopbackHost();
  const port = await freePort(host);
  const cfg = { my_node_id: 1, db_mode: 0, my_node_info: `cluster_id=1, url=bin:${host}:${port}`, control_socket: join(dir, 'i.sock'), sync_timeout: 20, dispatch_jobs: 0 };
  const node = await startNodeProcess(dir, 'i', cfg);
  try {
    const lines = node.output().split('\n').filter((l) => l.includes('no effect yet'));
    assert.equal(lines.length, 1, node.output());
    assert.match(lines[0]!, /i\.yaml: dispatch_jobs: accepted for compatibility with OpenSIPS; no effect yet/);
  } finally {
    assert.equal(await node.stop(), 0);
    cleanup();
  }
});
