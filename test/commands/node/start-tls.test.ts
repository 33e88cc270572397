import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCl } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const cases: Array<[string, string, RegExp]> = [
  ['socket', 'my_node_id: 1\ndb_mode: 0\nmy_node_info: "cluster_id=1, url=bin:127.0.0.1:5566"\nsocket: "bins:127.0.0.1:5566"\n', /socket: bins:127\.0\.0\.1:5566 is a TLS \(bins:\) address but the configuration has no tls section/],
  ['my_node_info', 'my_node_id: 1\ndb_mode: 0\nmy_node_info: "cluster_id=1, url=bins:127.0.0.1:5566"\n', /my_node_info: bins:127\.0\.0\.1:5566 is a TLS \(bins:\) address but the configuration has no tls section/],
  ['neighbor_node_info', 'my_node_id: 1\ndb_mode: 0\nmy_node_info: "cluster_id=1, url=bin:127.0.0.1:5566"\nneighbor_node_info: "cluster_id=1, node_id=2, url=bins:127.0.0.2:5566"\n', /neighbor_node_info: bins:127\.0\.0\.2:5566 is a TLS/],
];

test('node start: a bins: (TLS) address without a tls section is a configuration error (exit 6), never a plain listener', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const [name, yaml, re] of cases) {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, `${yaml}control_socket: ${join(dir, `${name}.sock`)}\n`);
      const r = await runCl(['node', 'start', '-c', file]);
      assert.equal(r.code, 6, `${name}: ${r.stderr}`);
      assert.match(r.stderr, re, name);
    }
    const file = join(dir, 'flag.yaml');
    writeFileSync(file, `my_node_id: 1\ndb_mode: 0\nmy_node_info: "cluster_id=1, url=bin:127.0.0.1:5566"\ncontrol_socket: ${join(dir, 'flag.sock')}\n`);
    const r = await runCl(['node', 'start', '-c', file, '--socket', 'bins:127.0.0.1:5566']);
    assert.equal(r.code, 6, r.stderr);
    assert.match(r.stderr, /is a TLS \(bins:\) address but the configuration has no tls section/);
  } finally {
    cleanup();
  }
});
