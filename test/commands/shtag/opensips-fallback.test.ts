import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { recorded } from '../../helpers/mi-replies.js';
import { runCl } from '../../helpers/cli.js';

/**
 * An endpoint that answers like OpenSIPS's mi_http, from recorded replies:
 * clusterer_list_shtags as recorded, "Method not found" for what OpenSIPS
 * does not have (cl_shtag_list, cl_shtag_get).
 */
async function opensipsLike(): Promise<{ url: string; methods: string[]; server: Server }> {
  const list = recorded('06'); // clusterer_list_shtags on node 1: vip/1 active
  const unknown = recorded('56'); // an unknown method
  const methods: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const call = JSON.parse(body) as { method: string; id: unknown };
      methods.push(call.method);
      const reply = call.method === 'clusterer_list_shtags' ? list.reply : unknown.reply;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ jsonrpc: '2.0', ...reply, id: call.id }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  return { url: `http://127.0.0.1:${addr.port}/mi`, methods, server };
}

test('cl shtag list/get against an OpenSIPS fall back to clusterer_list_shtags', async () => {
  const { url, methods, server } = await opensipsLike();
  try {
    const list = await runCl(['shtag', 'list', '--url', url, '--json']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(JSON.parse(list.stdout), [{ tag: 'vip', cluster_id: 1, state: 'active', since: '', reason: '' }]);
    assert.deepEqual(methods.splice(0), ['cl_shtag_list', 'clusterer_list_shtags']);

    const get = await runCl(['shtag', 'get', 'vip/1', '--url', url]);
    assert.equal(get.code, 0, get.stderr);
    assert.equal(get.stdout.trim(), 'active');

    const missing = await runCl(['shtag', 'get', 'other/1', '--url', url]);
    assert.equal(missing.code, 5, 'an MI-level error');
    assert.match(missing.stderr, /other\/1 is not known/);
  } finally {
    await new Promise((r) => server.close(r));
  }
});
