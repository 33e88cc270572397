import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCl, startNodeProcess } from '../../helpers/cli.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';

test('node remove on a db_mode 1 node: refused (5), saying to delete the row and reload instead', async () => {
  const { dir, cleanup } = tempDir();
  const host = loopbackHost();
  const db = `sqlite://${join(dir, 'cl.db')}`;
  try {
    const [p1, p2] = [await freePort(host), await freePort(host)];
    for (const args of [['db', 'init'], ['db', 'node', 'add', '1', '1', `bin:${host}:${p1}`], ['db', 'node', 'add', '1', '2', `bin:${host}:${p2}`]]) {
      const r = await runCl([...args, '--db-url', db]);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
    const socket = join(dir, 'n1.sock');
    const node = await startNodeProcess(dir, 'n1', { my_node_id: 1, db_mode: 1, db_url: db, control_socket: socket, log_level: 'error' });
    try {
      const [human, json] = await Promise.all([runCl(['node', 'remove', '1', '2', '-s', socket]), runCl(['node', 'remove', '1', '2', '-s', socket, '--json'])]);
      assert.equal(human.code, 5);
      assert.equal(
        human.stderr.trim(),
        "error: Running in DB mode: this node runs in db_mode 1: delete the node's row instead ('cl db node remove 1 2'), then run 'cl mi clusterer_reload' on every node",
      );
      assert.equal(JSON.parse(json.stdout).error.code, 'CL_ERR_DB_MODE');
    } finally {
      await node.stop();
    }
  } finally {
    cleanup();
  }
});
