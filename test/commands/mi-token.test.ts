import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCl, startNodeProcess } from '../helpers/cli.js';
import { freePort, loopbackHost } from '../helpers/ports.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'a-bearer-token-for-the-tests';

/** Status and body of a POST to mi_http, with or without an Authorization header. */
function post(port: number, host: string, auth?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'clusterer_set_status', params: [1, 2, 0], id: 1 });
    const req = request({ host, port, path: '/mi', method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('mi_http with mi_http_token: no token or a wrong one gets 401 and changes nothing; cl --token and CL_TOKEN get through; the socket needs none', async () => {
  const { dir, cleanup } = tempDir();
  const host = loopbackHost();
  const [bin, http] = [await freePort(host), await freePort(host)];
  const node = await startNodeProcess(dir, 'tok', {
    my_node_id: 1, db_mode: 0, my_node_info: `cluster_id=1, url=bin:${host}:${bin}`,
    neighbor_node_info: `cluster_id=1, node_id=2, url=bin:${host}:${bin + 1}`,
    control_socket: join(dir, 'tok.sock'), mi_http: `${host}:${http}`, mi_http_token: TOKEN, log_level: 'warn',
  });
  try {
    const none = await post(http, host);
    assert.equal(none.status, 401);
    assert.match(none.body, /Bearer/);
    assert.equal((await post(http, host, 'Bearer not-the-right-token-at-all')).status, 401);
    assert.equal((await post(http, host, `Basic ${TOKEN}`)).status, 401);
    const list = await runCl(['cluster', 'list', '--json', '-s', node.socket]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /enabled/, 'node 2 is still enabled: the refused requests did nothing');

    const url = `http://${host}:${http}/mi`;
    const refused = await runCl(['mi', 'uptime', '--url', url]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /401|Unauthorized/);
    const withFlag = await runCl(['mi', 'uptime', '--url', url, '--token', TOKEN]);
    assert.equal(withFlag.code, 0, withFlag.stderr);
    assert.match(withFlag.stdout, /Up time/i);
    const withEnv = await runCl(['mi', 'uptime', '--url', url], { env: { CL_TOKEN: TOKEN } });
    assert.equal(withEnv.code, 0, withEnv.stderr);
    assert.equal((await runCl(['mi', 'uptime', '-s', node.socket])).code, 0, 'the unix socket needs no token');
  } finally {
    await node.stop();
    cleanup();
  }
});

test('cl node start refuses mi_http beyond loopback without a token: exit 6, naming mi_http_token', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'open.yaml');
    writeFileSync(file, stringify({ my_node_id: 1, db_mode: 0, my_node_info: 'cluster_id=1, url=bin:127.0.0.1:5566', control_socket: join(dir, 'o.sock'), mi_http: '0.0.0.0:8888' }));
    const r = await runCl(['node', 'start', '-c', file]);
    assert.equal(r.code, 6, r.stderr);
    assert.match(r.stderr, /mi_http.*mi_http_token/s);
  } finally {
    cleanup();
  }
});
