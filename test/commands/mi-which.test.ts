import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { recorded } from '../helpers/mi-replies.js';
import { runCl, startNodeProcess } from '../helpers/cli.js';
import { freePort, loopbackHost } from '../helpers/ports.js';
import { tempDir } from '../helpers/tmp.js';

test('cl mi which lists every method with the 4.x module:cmd name the node accepts for it', async () => {
  const { dir, cleanup } = tempDir();
  const host = loopbackHost();
  const port = await freePort(host);
  const socket = join(dir, 'n1.sock');
  const node = await startNodeProcess(dir, 'n1', { my_node_id: 1, db_mode: 0, my_node_info: `cluster_id=1, url=bin:${host}:${port}`, control_socket: socket, log_level: 'warn' });
  try {
    const [table, json, plain] = await Promise.all([runCl(['mi', 'which', '-s', socket]), runCl(['mi', 'which', '-s', socket, '--json']), runCl(['mi', 'which', '-s', socket, '--json'])]);
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^METHOD +4\.X NAME$/);
    for (const row of ['clusterer_list +clusterer:list', 'clusterer_list_cap +clusterer:list_cap', 'clusterer_set_cap_status +clusterer:set_cap_status', 'get_statistics +statistics:get', 'cl_send_mi +cl:mi_send']) {
      assert.ok(lines.some((l) => new RegExp(`^${row}$`).test(l)), `a line "${row}" in:\n${table.stdout}`);
    }
    assert.doesNotMatch(table.stdout, /\u001b\[/, 'no colour codes when not on a terminal');

    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.stdout.trim().split('\n').length, 1);
    const rows = JSON.parse(json.stdout) as { name: string; module_cmd: string }[];
    assert.deepEqual(rows, JSON.parse(plain.stdout), 'the same on every run');
    for (const r of rows) assert.deepEqual(Object.keys(r), ['name', 'module_cmd'], JSON.stringify(r));
    assert.deepEqual(
      rows.map((r) => r.name),
      JSON.parse((await runCl(['mi', 'core:which', '-s', socket])).stdout) as string[],
      'the same methods as the node\'s own which reply (core:which, printed as it came)',
    );

    // Every 4.x name listed is one the node answers to, as the method it stands for.
    const pick = rows.filter((r) => ['clusterer_list', 'clusterer_list_cap', 'cl_status', 'uptime'].includes(r.name));
    assert.equal(pick.length, 4);
    for (const r of pick) {
      const [flat, alias] = await Promise.all([runCl(['mi', r.name, '-s', socket, '--json']), runCl(['mi', r.module_cmd, '-s', socket, '--json'])]);
      assert.equal(alias.code, 0, `${r.module_cmd}: ${alias.stderr}${alias.stdout}`);
      assert.deepEqual(Object.keys(JSON.parse(alias.stdout) as object), Object.keys(JSON.parse(flat.stdout) as object), r.module_cmd);
    }
  } finally {
    assert.equal(await node.stop(), 0, node.output());
    cleanup();
  }
});

test('cl mi which against an endpoint without cl_which shows the names of its which, "-" for the 4.x name', async () => {
  const unknown = recorded('56');
  const asked: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const call = JSON.parse(body) as { method: string; id: unknown };
      asked.push(call.method);
      const reply = call.method === 'which' ? { result: ['uptime', 'clusterer_list', 'dialog:list'] } : unknown.reply;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ jsonrpc: '2.0', ...reply, id: call.id }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  const url = `http://127.0.0.1:${addr.port}/mi`;
  try {
    const table = await runCl(['mi', 'which', '--url', url]);
    assert.equal(table.code, 0, table.stderr);
    assert.deepEqual(table.stdout.trimEnd().split('\n'), ['METHOD          4.X NAME', 'uptime          -', 'clusterer_list  -', 'dialog:list     dialog:list']);
    assert.deepEqual(asked.splice(0), ['cl_which', 'which']);
    const json = await runCl(['mi', 'which', '--url', url, '--json']);
    assert.deepEqual(JSON.parse(json.stdout), [
      { name: 'uptime', module_cmd: null },
      { name: 'clusterer_list', module_cmd: null },
      { name: 'dialog:list', module_cmd: 'dialog:list' },
    ]);
  } finally {
    await new Promise((r) => server.close(r));
  }
});
