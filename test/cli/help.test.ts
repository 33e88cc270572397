import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMAND_TABLE } from '../../src/main/command-table.js';
import { LOCAL_COMMAND_IDS, NODE_COMMANDS } from '../../src/main/node-command-table.js';
import { helpText, unknownCommand, wantsHelp } from '../../src/cli/help.js';
import { closest, editDistance } from '../../src/cli/suggest.js';
import type { HelpBook } from '../../src/render/help.js';
import { runCl } from '../helpers/cli.js';

const book: HelpBook = {
  bin: 'cl',
  version: '9.9.9',
  summary: 'the tool',
  topics: { cluster: 'Inspect cluster topology' },
  commands: [
    { id: 'cluster:list', summary: 'List nodes.', description: 'Calls clusterer_list.', examples: ['<%= config.bin %> cluster list'], args: [], variadic: false, flags: [{ name: 'socket', char: 's', summary: 'Socket.', takesValue: true, group: 'NODE' }, { name: 'json', summary: 'JSON.', takesValue: false }] },
    { id: 'node:set-status', summary: 'Set.', description: '', examples: [], usage: 'node set-status CLUSTER [NODE] STATUS', args: [{ name: 'cluster', description: 'Cluster id.', required: true }, { name: 'node', description: 'Node id.', required: false }, { name: 'status', description: 'enabled|disabled.', required: true }], variadic: false, flags: [] },
    { id: 'mi', summary: 'Call MI.', description: '', examples: [], args: [{ name: 'method', description: 'Method.', required: true }], variadic: true, flags: [] },
  ],
};

test('help pages: a command with usage, arguments as they may be given, flag groups, examples', () => {
  const page = helpText(book, ['cluster', 'list', '-s', 'x', '--help']);
  assert.equal(page, ['List nodes.', '', 'USAGE', '  $ cl cluster list [FLAGS]', '', 'FLAGS', '      --json  JSON.', '', 'NODE FLAGS', '  -s, --socket=<value>  Socket.', '', 'DESCRIPTION', '  Calls clusterer_list.', '', 'EXAMPLES', '  $ cl cluster list', ''].join('\n'));
  const setStatus = helpText(book, ['help', 'node', 'set-status']);
  assert.match(setStatus, /\$ cl node set-status CLUSTER \[NODE\] STATUS\n/);
  assert.match(setStatus, /ARGUMENTS\n {2}CLUSTER +Cluster id\.\n {2}\[NODE\] +Node id\.\n {2}STATUS +enabled\|disabled\./, 'usage and ARGUMENTS agree');
  const top = helpText(book, []);
  assert.match(top, /^the tool\n\nVERSION\n {2}cl 9\.9\.9\n/);
  assert.match(top, /TOPICS\n {2}cluster +Inspect cluster topology\n {2}node\s/);
  assert.match(top, /COMMANDS\n {2}mi +Call MI\./);
  assert.match(helpText(book, ['cluster', '--help']), /COMMANDS\n {2}cluster list +List nodes\./);
  assert.throws(() => helpText(book, ['clustr', '--help']), (e: unknown) => (e as { code?: string }).code === 'CL_ERR_USAGE' && /did you mean 'cl cluster'/.test((e as Error).message));
});

test('what asks for help: no words, help …, --help or -h before --', () => {
  for (const yes of [[], ['help'], ['cluster', '--help'], ['mi', 'x', '-h']]) assert.equal(wantsHelp(yes), true, yes.join(' '));
  for (const no of [['cluster', 'list'], ['mi', 'x', '--', '--help']]) assert.equal(wantsHelp(no), false, no.join(' '));
});

test('an unknown command: did you mean the closest commands, or what the topic has', () => {
  const ids = Object.keys(COMMAND_TABLE);
  assert.equal(unknownCommand(ids, ['cluster', 'lst']).message, "unknown command 'cl cluster lst'; did you mean 'cl cluster list'? (see 'cl --help')");
  assert.equal(unknownCommand(ids, ['clustr', 'list']).message, "unknown command 'cl clustr list'; did you mean 'cl cluster list'? (see 'cl --help')");
  assert.equal(unknownCommand(ids, ['cluster', 'frobnicate']).message, "unknown command 'cl cluster frobnicate'; 'cl cluster' has: list, route, topology (see 'cl --help')");
  assert.equal(unknownCommand(ids, ['zzzzzz']).message, "unknown command 'cl zzzzzz' (see 'cl --help')");
  assert.equal(unknownCommand(ids, ['x']).code, 'CL_ERR_USAGE');
});

test('closest names: edit distance, or a shared long part', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.deepEqual(closest('clusterer_lst', ['clusterer_list', 'uptime', 'which', 'clusterer_list_shtags']), ['clusterer_list', 'clusterer_list_shtags']);
  assert.deepEqual(closest('uptim', ['uptime', 'ps', 'version']), ['uptime']);
  assert.deepEqual(closest('zzzz', ['uptime', 'ps']), []);
});

test('the bundle knows every command id: the node commands and the local ones', () => {
  assert.deepEqual([...Object.keys(NODE_COMMANDS), ...LOCAL_COMMAND_IDS].sort(), Object.keys(COMMAND_TABLE).sort());
});

test('cl --help, cl TOPIC, cl COMMAND --help from the built binary; unknown commands exit 2 (JSON with --json)', async () => {
  const [top, topic, page, sub, typo, typoJson] = await Promise.all([
    runCl(['--help']),
    runCl(['cluster']),
    runCl(['event', 'subscribe', '--help']),
    runCl(['msg', 'mi', '--help']),
    runCl(['cluster', 'lst']),
    runCl(['cluster', 'lst', '--json']),
  ]);
  assert.equal(top.code, 0, top.stderr);
  for (const t of ['cluster', 'db', 'event', 'msg', 'node', 'shtag']) assert.match(top.stdout, new RegExp(`^ {2}${t} `, 'm'));
  for (const c of ['completion', 'mi', 'status', 'version']) assert.match(top.stdout, new RegExp(`^ {2}${c} `, 'm'));
  assert.equal(topic.code, 0);
  assert.match(topic.stdout, /^ {2}cluster route +Explain the route/m);
  assert.match(page.stdout, /ARGUMENTS\n {2}\[EVENT\] +Event name/, 'event subscribe lists its EVENT argument');
  assert.match(page.stdout, /\$ cl event subscribe \[EVENT\.\.\.\]/);
  assert.match(sub.stdout, /\$ cl msg mi CLUSTER CMD \[PARAMS\.\.\.\]/);
  assert.ok(!sub.stdout.includes('CLUSTER...'), 'CLUSTER is not repeatable');
  assert.deepEqual([typo.code, typo.stdout], [2, '']);
  assert.equal(typo.stderr, "error: unknown command 'cl cluster lst'; did you mean 'cl cluster list'? (see 'cl --help')\n");
  assert.deepEqual(JSON.parse(typoJson.stdout), { error: { code: 'CL_ERR_USAGE', message: "unknown command 'cl cluster lst'; did you mean 'cl cluster list'? (see 'cl --help')", exit: 2 } });
});

test('help of the commands whose help was wrong: set-status agrees with itself, shtag set offers only active', async () => {
  const [setStatus, shtagSet] = await Promise.all([runCl(['node', 'set-status', '--help']), runCl(['shtag', 'set', '-h'])]);
  assert.match(setStatus.stdout, /\$ cl node set-status CLUSTER \[NODE\] STATUS /);
  assert.match(setStatus.stdout, /ARGUMENTS\n {2}CLUSTER .*\n {2}\[NODE\] .*\n {2}STATUS /);
  assert.match(shtagSet.stdout, /^ {2}STATE +active: the only state a node takes by itself\. \(active\)$/m);
  assert.ok(!/backup\)/.test(shtagSet.stdout));
});

test('within a topic typed right, only its commands are suggested', () => {
  const ids = Object.keys(COMMAND_TABLE);
  assert.equal(unknownCommand(ids, ['db', 'nosuch']).message, "unknown command 'cl db nosuch'; 'cl db' has: init, node add, node list, node remove (see 'cl --help')");
  assert.equal(unknownCommand(ids, ['db', 'int']).message, "unknown command 'cl db int'; did you mean 'cl db init'? (see 'cl --help')");
  assert.equal(unknownCommand(ids, ['statsu']).message, "unknown command 'cl statsu'; did you mean 'cl stats' or 'cl status'? (see 'cl --help')");
  assert.equal(unknownCommand(ids, ['sttus']).message, "unknown command 'cl sttus'; did you mean 'cl status'? (see 'cl --help')");
});
