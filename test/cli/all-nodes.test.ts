import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonical } from '../../src/cli/all-nodes.js';
import { hoistLeadingFlags } from '../../src/main/node-command-table.js';
import { withConvergedCluster } from '../helpers/cluster.js';
import { runCl } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

test('leading node flags move behind the command words; canonical results ignore order', () => {
  assert.deepEqual(hoistLeadingFlags(['--node', 'edge2', 'cluster', 'list']), ['cluster', 'list', '--node', 'edge2']);
  assert.deepEqual(hoistLeadingFlags(['--all-nodes', '--json', 'kv', 'get', 'k']), ['kv', 'get', 'k', '--all-nodes', '--json']);
  assert.deepEqual(hoistLeadingFlags(['-s=/x.sock', 'status']), ['status', '-s=/x.sock']);
  assert.deepEqual(hoistLeadingFlags(['cluster', 'list', '--node', 'a']), ['cluster', 'list', '--node', 'a']);
  assert.equal(canonical({ b: [3, 1], a: { y: 1, x: [{ n: 2 }, { n: 1 }] } }), canonical({ a: { x: [{ n: 1 }, { n: 2 }], y: 1 }, b: [1, 3] }));
  assert.notEqual(canonical({ v: 'a' }), canonical({ v: 'b' }));
});

test('--node and --all-nodes from the client configuration: per-node sections, a disagreeing node named (exit 1), an unreachable one (exit 3), JSON', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await withConvergedCluster(3, async (ms) => {
      const cfg = join(dir, 'config.yaml');
      writeFileSync(cfg, `nodes:\n${ms.map((m) => `  n${m.id}: { socket: ${m.config.controlSocket} }`).join('\n')}\n`);
      const env = { ...process.env, CL_CONFIG: cfg };
      ms[0]!.node.kv.put('default', 'k', 'same');
      for (const m of ms.slice(1)) m.node.kv.applyRemote({ op: 'store', collection: 'default', key: 'k', value: 'same', expiresSec: 0 });
      const agree = await runCl(['--all-nodes', 'kv', 'get', 'k'], { env });
      assert.equal(agree.code, 0, agree.stdout + agree.stderr);
      assert.match(agree.stdout, /^== n1 \(unix:.*\) ==\nsame\n== n2 \(unix:.*\) ==\nsame\n== n3 \(unix:.*\) ==\nsame\nall 3 answering nodes agree\n$/);
      ms[2]!.node.kv.applyRemote({ op: 'store', collection: 'default', key: 'k', value: 'other', expiresSec: 0 });
      const differ = await runCl(['--all-nodes', 'kv', 'get', 'k', '--json'], { env });
      assert.equal(differ.code, 1);
      const out = JSON.parse(differ.stdout) as { nodes: Record<string, { result?: { value: string } }>; disagree: string[] };
      assert.deepEqual(out.disagree, ['n3']);
      assert.equal(out.nodes.n3?.result?.value, 'other');
      const one = await runCl(['--node', 'n2', 'kv', 'get', 'k'], { env });
      assert.deepEqual([one.code, one.stdout], [0, 'same\n']);
      const unknown = await runCl(['cluster', 'list', '--node', 'n9'], { env });
      assert.equal(unknown.code, 6);
      assert.match(unknown.stderr, /no node named 'n9' \(named: n1, n2, n3\)/);
      writeFileSync(cfg, `nodes:\n  n1: { socket: ${ms[0]!.config.controlSocket} }\n  gone: { socket: ${join(dir, 'none.sock')} }\n`);
      const down = await runCl(['--all-nodes', 'cluster', 'list'], { env });
      assert.equal(down.code, 3, 'the exit code of the node that failed');
      assert.match(down.stdout, /== gone \(unix:.*none\.sock\) ==\nerror: cannot reach/);
      assert.match(down.stdout, /== n1 \(unix:.*\) ==\nCLUSTER/);
    });
  } finally {
    cleanup();
  }
});
