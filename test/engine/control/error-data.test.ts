import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawMi } from '../../helpers/cluster.js';
import { join } from 'node:path';
import { ControlClient } from '../../../src/client/control-client.js';
import { ClientError } from '../../../src/client/errors.js';
import { ERROR_DATA_HEADER } from '../../../src/contract/index.js';
import { ClError } from '../../../src/engine/errors.js';
import { MiError } from '../../../src/engine/control/errors.js';
import { handleRpc } from '../../../src/engine/control/jsonrpc.js';
import type { MethodDef } from '../../../src/engine/control/method.js';
import { MethodRegistry } from '../../../src/engine/control/registry.js';
import { ControlServer } from '../../../src/engine/control/server.js';
import { createLogger } from '../../../src/engine/log.js';
import { recorded } from '../../helpers/mi-replies.js';
import { tempDir } from '../../helpers/tmp.js';

const defs: MethodDef<null>[] = [
  { name: 'clusterer_set_status', module: 'clusterer', short: 'set_status', help: 'x', paramSets: [[{ name: 'cluster_id', type: 'int' }, { name: 'status', type: 'int' }]], handler: () => { throw new MiError(404, 'Cluster id not found'); } },
  { name: 'lost', module: 'core', short: 'lost', help: 'x', paramSets: [[]], handler: () => { throw new ClError('CL_ERR_UNKNOWN_NODE', 'node 7 is not known in cluster 1'); } },
  { name: 'refuse', module: 'core', short: 'refuse', help: 'x', paramSets: [[]], handler: () => { throw new MiError(400, 'Bad value', 'CL_ERR_SHTAG_BAD_STATE: expected active', { code: 'CL_ERR_SHTAG_BAD_STATE' }); } },
];
const registry = new MethodRegistry<null>().register(...defs);
const text = async (body: string) => JSON.stringify(await handleRpc(body, registry, null));
const object = async (body: string) => JSON.stringify(await handleRpc(body, registry, null, undefined, { errorData: 'object' }));
const rpc = (method: string, params?: unknown) => JSON.stringify({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }), id: 1 });

test('error.data: text by default (OpenSIPS bytes), an object with our code when asked', async () => {
  const rec = recorded('56');
  assert.equal(await text(rec.request_body), rec.reply_raw, rec.file);
  const tooFew = rpc('clusterer_set_status', [1]);
  assert.equal(await text(tooFew), '{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":"Too few or too many parameters"},"id":1}');
  assert.equal(await object(tooFew), '{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"code":"CL_ERR_RPC_INVALID_PARAMS","detail":"Too few or too many parameters"}},"id":1}');
  const notFound = rpc('clusterer_set_status', [9, 1]);
  assert.equal(await text(notFound), '{"jsonrpc":"2.0","error":{"code":404,"message":"Cluster id not found"},"id":1}');
  assert.equal(await object(notFound), '{"jsonrpc":"2.0","error":{"code":404,"message":"Cluster id not found","data":{"code":"CL_ERR_RPC_COMMAND"}},"id":1}');
  assert.equal(await text(rpc('nope')), '{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":1}', 'OpenSIPS bytes');
  assert.equal(await object(rpc('nope')), `{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found","data":{"code":"CL_ERR_RPC_METHOD_NOT_FOUND","detail":"no MI method 'nope' on this node ('which' lists them)"}},"id":1}`);
});

test('error.data object: a ClError keeps its own code; an MI error its given code', async () => {
  assert.equal(await text(rpc('lost')), '{"jsonrpc":"2.0","error":{"code":-32000,"message":"Server error","data":"CL_ERR_INTERNAL: node 7 is not known in cluster 1"},"id":1}');
  assert.equal(await object(rpc('lost')), '{"jsonrpc":"2.0","error":{"code":-32000,"message":"Server error","data":{"code":"CL_ERR_UNKNOWN_NODE","detail":"node 7 is not known in cluster 1"}},"id":1}');
  assert.equal(await object(rpc('refuse')), '{"jsonrpc":"2.0","error":{"code":400,"message":"Bad value","data":{"code":"CL_ERR_SHTAG_BAD_STATE","detail":"CL_ERR_SHTAG_BAD_STATE: expected active"}},"id":1}');
});

const post = (socketPath: string, body: string, headers: Record<string, string> = {}): Promise<string> => rawMi(socketPath, body, 3000, headers);

test('over the control socket: the header opts in, the cl client opts in and gets the code', async () => {
  const { dir, cleanup } = tempDir();
  const socketPath = join(dir, 'c.sock');
  const server = new ControlServer({ registry, ctx: null, log: createLogger('silent'), socketPath });
  await server.start();
  try {
    const body = rpc('lost');
    assert.match(await post(socketPath, body, {}), /"data":"CL_ERR_INTERNAL: node 7/);
    assert.match(await post(socketPath, body, { [ERROR_DATA_HEADER]: 'object' }), /"data":\{"code":"CL_ERR_UNKNOWN_NODE"/);
    assert.match(await post(socketPath, body, { [ERROR_DATA_HEADER]: 'text' }), /"data":"CL_ERR_INTERNAL: node 7/, 'any other value keeps the text');
    const client = new ControlClient({ socketPath, timeoutMs: 2000 });
    await assert.rejects(client.callRaw('lost'), (e: unknown) => e instanceof ClientError && e.code === 'CL_ERR_UNKNOWN_NODE' && e.rpcCode === -32000 && e.message === 'Server error: node 7 is not known in cluster 1');
    await assert.rejects(client.callRaw('clusterer_set_status', [9, 1]), (e: unknown) => e instanceof ClientError && e.code === 'CL_ERR_RPC_COMMAND' && e.rpcCode === 404 && e.data === undefined);
  } finally {
    await server.stop();
    cleanup();
  }
});
