import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rpcError } from '../../src/client/control-client.js';
import { ClientError } from '../../src/client/errors.js';
import { resolveTarget } from '../../src/client/target.js';
import { TARGET_FLAGS } from '../../src/cli/common-flags.js';
import { defineCommand, erase, type Io } from '../../src/cli/definition.js';
import { execute, printOutcome } from '../../src/cli/execute.js';
import { parseFast, parseInput } from '../../src/cli/fast-runner.js';

const def = erase(
  defineCommand({
    id: 'test:cmd',
    summary: 's',
    description: 'd',
    examples: [],
    args: { cluster: { type: 'id', required: true, description: 'c' }, word: { type: 'string', options: ['a', 'b'], description: 'w' } },
    flags: { ...TARGET_FLAGS, level: { type: 'string', summary: 'l', options: ['x', 'y'] }, n: { type: 'integer', summary: 'n', min: 1 }, many: { type: 'string', summary: 'm', multiple: true } },
    target: true,
    async run({ args }) {
      if (args.cluster === 9) throw new ClientError('CL_ERR_TIMEOUT', 'too slow');
      return { result: { cluster: args.cluster }, human: [`cluster ${args.cluster}`], stderr: ['note'], exit: args.word === 'b' ? 1 : 0 };
    },
  }),
);

function memoryIo(): Io & { lines: string[]; errs: string[] } {
  const lines: string[] = [];
  const errs: string[] = [];
  return { lines, errs, out: (l) => lines.push(l), err: (l) => errs.push(l), isTTY: false, color: false };
}

test('the fast runner parses as the specs say, and refuses what oclif should report', () => {
  const ok = parseFast(def, ['3', 'a', '--level', 'x', '-n', '2', '--many', 'p', '--many', 'q', '--json']);
  assert.deepEqual(ok, { args: { cluster: 3, word: 'a' }, flags: { socket: undefined, url: undefined, timeout: '5s', token: undefined, node: undefined, 'all-nodes': false, json: true, level: 'x', n: 2, many: ['p', 'q'] }, rest: [] });
  assert.equal(parseFast(def, ['3'])?.args.word, undefined, 'an optional arg may be left out');
  for (const bad of [[], ['0'], ['x'], ['3', 'c'], ['3', 'a', 'extra'], ['3', '--level', 'z'], ['3', '-n', '0'], ['3', '-n', 'x'], ['3', '--nope']]) {
    assert.equal(parseFast(def, bad), null, bad.join(' '));
  }
});

test('every refusal of the parser is a usage error naming what is wrong', () => {
  const why = (argv: string[]): string => {
    try {
      parseInput(def, argv);
    } catch (err) {
      assert.equal((err as { code?: string }).code, 'CL_ERR_USAGE', argv.join(' '));
      return (err as Error).message.replace(" (see 'cl test cmd --help')", '');
    }
    throw new Error(`${argv.join(' ')} parsed`);
  };
  assert.equal(why([]), 'missing CLUSTER (c)');
  assert.equal(why(['0']), "bad CLUSTER '0': expected an integer greater than 0");
  assert.equal(why(['3', 'c']), "bad WORD 'c': expected a or b (w)");
  assert.equal(why(['3', 'a', 'extra']), "unexpected argument 'extra' after CLUSTER WORD");
  assert.equal(why(['3', '--level', 'z']), "bad --level 'z': expected one of x, y");
  assert.equal(why(['3', '-n', '0']), "bad --n '0': expected an integer of at least 1");
  assert.equal(why(['3', '-n', 'x']), "bad --n 'x': expected an integer");
  assert.equal(why(['3', '--nope']), 'unknown flag --nope');
  assert.equal(why(['3', '--level']), 'flag --level needs a value');
});

test('an optional arg before a required one takes a word only when there are enough words (CLUSTER [NODE] STATUS)', () => {
  const mid = erase(
    defineCommand({
      id: 't:mid',
      summary: 's',
      description: 'd',
      examples: [],
      args: { cluster: { type: 'id', required: true, description: 'c' }, node: { type: 'string', description: 'n' }, status: { type: 'string', required: true, description: 's' } },
      flags: {},
      target: false,
      async run() {
        return 0;
      },
    }),
  );
  assert.deepEqual(parseInput(mid, ['1', 'on']).args, { cluster: 1, node: undefined, status: 'on' });
  assert.deepEqual(parseInput(mid, ['1', '3', 'on']).args, { cluster: 1, node: '3', status: 'on' });
  assert.throws(() => parseInput(mid, ['1']), /missing STATUS/);
  assert.throws(() => parseInput(mid, ['1', '3', 'on', 'x']), /unexpected argument 'x'/);
});

test('the runner prints the result as JSON with --json, the human lines without; stderr either way', async () => {
  const human = memoryIo();
  assert.equal(await execute(def, parseFast(def, ['3', 'b'])!, human), 1);
  assert.deepEqual([human.lines, human.errs], [['cluster 3'], ['note']]);
  const json = memoryIo();
  assert.equal(await execute(def, parseFast(def, ['3', '--json'])!, json), 0);
  assert.deepEqual([json.lines, json.errs], [['{"cluster":3}'], ['note']]);
  assert.equal(printOutcome({ json: [1, 2] }, true, json), 0);
  assert.deepEqual(json.lines.slice(1), ['1', '2']);
});

test('one reporter: a line on stderr, or the JSON error object with the string code and the exit code', async () => {
  const human = memoryIo();
  assert.equal(await execute(def, parseFast(def, ['9'])!, human), 4);
  assert.deepEqual([human.lines, human.errs], [[], ['error: too slow']]);
  const json = memoryIo();
  assert.equal(await execute(def, parseFast(def, ['9', '--json'])!, json), 4);
  assert.deepEqual(JSON.parse(json.lines[0]!), { error: { code: 'CL_ERR_TIMEOUT', message: 'too slow', exit: 4 } });
  const badTimeout = memoryIo();
  assert.equal(await execute(def, parseFast(def, ['3', '--timeout', 'soon', '--json'])!, badTimeout), 2);
  assert.equal(JSON.parse(badTimeout.lines[0]!).error.code, 'CL_ERR_USAGE');
});

test('the target: --url, else --socket, else $CL_SOCKET, else the default path', () => {
  assert.deepEqual(resolveTarget({ url: 'http://h:1/mi', socket: '/s' }), { url: 'http://h:1/mi', timeoutMs: 5000 });
  assert.deepEqual(resolveTarget({ socket: '/s', timeout: '250ms' }, { CL_SOCKET: '/env' }), { socketPath: '/s', timeoutMs: 250 });
  assert.deepEqual(resolveTarget({}, { CL_SOCKET: '/env' }), { socketPath: '/env', timeoutMs: 5000 });
  assert.deepEqual(resolveTarget({}, { XDG_RUNTIME_DIR: '/run/u' }), { socketPath: '/run/u/cl.sock', timeoutMs: 5000 });
});

test('an MI error: the code of error.data when it is an object, else one for the JSON-RPC code', () => {
  const structured = rpcError({ code: 400, message: 'Bad tag format <name/cluster_id>', data: { code: 'CL_ERR_SHTAG_BAD_FORMAT' } });
  assert.deepEqual([structured.code, structured.rpcCode, structured.message, structured.data], ['CL_ERR_SHTAG_BAD_FORMAT', 400, 'Bad tag format <name/cluster_id>', undefined]);
  const opensips = rpcError({ code: -32602, message: 'Invalid params', data: 'Too few or too many parameters' });
  assert.deepEqual([opensips.code, opensips.message, opensips.data], ['CL_ERR_RPC_INVALID_PARAMS', 'Invalid params: Too few or too many parameters', 'Too few or too many parameters']);
  assert.equal(rpcError({ code: 404, message: 'Cluster id not found' }).code, 'CL_ERR_RPC_COMMAND');
  assert.equal(rpcError({ code: -32000, message: 'Server error', data: { code: 'CL_ERR_UNKNOWN_NODE', detail: 'node 7' } }).message, 'Server error: node 7');
});

test('parse: a negative number is a word, not an unknown flag; after -- everything is a word', () => {
  const def = erase(
    defineCommand({
      id: 'x:add',
      summary: 's',
      description: 'd',
      examples: [],
      args: { key: { type: 'string', required: true, description: 'k' }, delta: { type: 'string', description: 'd' } },
      flags: { ttl: { type: 'integer', summary: 't', min: 0 } },
      target: false,
      run: async () => 0,
    }),
  );
  assert.deepEqual(parseInput(def, ['hits', '-3']).args, { key: 'hits', delta: '-3' });
  assert.deepEqual(parseInput(def, ['hits', '-2.5', '--ttl', '5']).flags, { ttl: 5 });
  assert.deepEqual(parseInput(def, ['--', '-k', '-1']).args, { key: '-k', delta: '-1' });
  assert.throws(() => parseInput(def, ['hits', '-x']), { code: 'CL_ERR_USAGE' });
});

test('-o/--format: yaml of the snake_case result, lines as tab-separated rows in aligned columns (per-cluster node lists flattened)', () => {
  const out: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: () => {}, isTTY: false, color: false };
  printOutcome({ result: [{ Tag: 'vip', Cluster: 1 }], format: 'yaml' }, false, io);
  assert.deepEqual(out.splice(0), ['- tag: vip\n  cluster_id: 1'], 'keys as --json has them');
  printOutcome({ result: { Clusters: [{ cluster_id: 1, Nodes: [{ node_id: 1, self: true }, { node_id: 2, db_id: -1, self: false }] }] }, format: 'lines' }, false, io);
  assert.deepEqual(out.splice(0), ['1\t1\ttrue\t', '1\t2\tfalse\t-1']);
  printOutcome({ result: [{ key: 'a', nodes: [1, 2] }], format: 'lines' }, false, io);
  assert.deepEqual(out.splice(0), ['a\t1,2']);
});
