import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ControlClient } from '../../src/client/control-client.js';
import { ClientError } from '../../src/client/errors.js';
import shtagGet from '../../src/commands/shtag/get.js';
import status from '../../src/commands/status.js';
import { erase, type Io } from '../../src/cli/definition.js';
import { parseInput } from '../../src/cli/fast-runner.js';
import { CLEAR_SCREEN } from '../../src/render/status.js';

function memoryIo(isTTY: boolean): Io & { lines: string[]; errs: string[] } {
  const lines: string[] = [];
  const errs: string[] = [];
  return { lines, errs, out: (l) => lines.push(l), err: (l) => errs.push(l), isTTY, color: false };
}

/** A client whose calls answer from a table (the real client is tested against real nodes elsewhere). */
function stubClient(answers: Record<string, (params: unknown) => unknown>): ControlClient {
  const call = async (method: string, params?: unknown): Promise<unknown> => {
    const a = answers[method];
    if (!a) throw new ClientError('CL_ERR_RPC_METHOD_NOT_FOUND', 'Method not found', { rpcCode: -32601 });
    return a(params);
  };
  return { call, callRaw: call, callWaiting: (m: string, _ms: number, p?: unknown) => call(m, p), target: { socketPath: '/x', timeoutMs: 1000 } } as unknown as ControlClient;
}

const STATUS = {
  node_id: 1, version: '0.1.0', pid: 7, started_at: '2026-12-03T07:00:00.000Z', uptime_ms: 5000, db_mode: 0,
  clusters: [{ cluster_id: 1, url: 'bin:127.0.0.1:5551', enabled: true, nodes: [] }], sharing_tags: [], capabilities: [], events: [],
};

/** Runs a definition's run() as execute would, with this client and io. */
async function run(def: ReturnType<typeof erase>, argv: string[], client: ControlClient, io: Io): Promise<number> {
  const input = parseInput(def, argv);
  const out = await def.run(input, client, io);
  if (typeof out === 'number') return out;
  for (const l of out.human ?? []) io.out(l);
  for (const l of out.stderr ?? []) io.err(l);
  return out.exit ?? 0;
}

test('cl status --watch on a terminal redraws in place: each refresh clears the screen first', async () => {
  const io = memoryIo(true);
  let calls = 0;
  const client = stubClient({ cl_status: () => (calls++, STATUS) });
  assert.equal(await run(erase(status), ['--watch', '--interval', '100ms', '--count', '2'], client, io), 0);
  assert.equal(calls, 2);
  assert.equal(io.lines.length, 2);
  assert.ok(io.lines.every((l) => l.startsWith(CLEAR_SCREEN) && l.includes('node 1  cl 0.1.0  pid 7  up 5s')));
});

test('cl status against an endpoint without cl_status says what to use there', async () => {
  await assert.rejects(run(erase(status), [], stubClient({}), memoryIo(false)), (e: unknown) => e instanceof ClientError && e.code === 'CL_ERR_RPC_METHOD_NOT_FOUND' && /has no cl_status .*'cl cluster list' and 'cl shtag list'/.test(e.message));
});

test('cl shtag get: a tag the call created is noted on a terminal only; --no-create asks the node not to', async () => {
  const seen: unknown[] = [];
  const row = (created: boolean) => ({ Tag: 'nosuch', Cluster: 1, State: 'backup', Since: '2026-12-03T07:00:00.000Z', Reason: 'created', ...(created ? { Created: true } : {}) });
  const client = stubClient({ cl_shtag_get: (p) => (seen.push(p), row(true)) });
  const tty = memoryIo(true);
  assert.equal(await run(erase(shtagGet), ['nosuch/1'], client, tty), 1);
  assert.deepEqual(tty.lines, ['backup']);
  assert.match(tty.errs[0]!, /^note: the node did not know nosuch\/1: it created it, as backup .*--no-create/);
  const pipe = memoryIo(false);
  await run(erase(shtagGet), ['nosuch/1'], client, pipe);
  assert.deepEqual(pipe.errs, [], 'no note in a pipe: the output stays the state word alone');
  await run(erase(shtagGet), ['nosuch/1', '--no-create'], client, memoryIo(true));
  assert.deepEqual(seen, [['nosuch/1'], ['nosuch/1'], ['nosuch/1', 0]]);
});
