import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import mi from '../../src/commands/mi.js';
import { erase } from '../../src/cli/definition.js';
import { fastOptions } from '../../src/cli/fast-runner.js';
import { oclifCommand } from '../../src/cli/to-oclif.js';
import { runCl, startNodeProcess } from '../helpers/cli.js';
import { freePort, loopbackHost } from '../helpers/ports.js';
import { tempDir } from '../helpers/tmp.js';

test('the fast path takes the same flags as the oclif command', () => {
  const oclifFlags = Object.keys(oclifCommand(erase(mi)).flags).sort();
  assert.deepEqual(Object.keys(fastOptions(erase(mi))).sort(), oclifFlags);
});

test('cl mi over the control socket and over --url; errors map to exit codes', async () => {
  const { dir, cleanup } = tempDir();
  const host = loopbackHost();
  const [port, httpPort] = [await freePort(host), await freePort()];
  const socket = join(dir, 'n1.sock');
  const node = await startNodeProcess(dir, 'n1', {
    my_node_id: 1,
    db_mode: 0,
    my_node_info: `cluster_id=1, url=bin:${host}:${port}`,
    control_socket: socket,
    mi_http: `127.0.0.1:${httpPort}`,
    log_level: 'warn',
  });
  try {
    const which = await runCl(['mi', 'uptime', '-s', socket]);
    assert.equal(which.code, 0, which.stderr);
    assert.ok('Up time' in (JSON.parse(which.stdout) as object));
    assert.equal(which.stdout.trim().split('\n').length, 1, 'one line when stdout is not a TTY');

    const viaUrl = await runCl(['mi', 'version', '--url', `http://127.0.0.1:${httpPort}/mi`]);
    assert.equal(viaUrl.code, 0, viaUrl.stderr);
    assert.match(JSON.parse(viaUrl.stdout).Server, /^cl /);

    const viaEnv = await runCl(['mi', 'uptime'], { env: { CL_SOCKET: socket } });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);

    const named = await runCl(['mi', 'sr_get_status', 'group=nope', 'identifier=x', '-s', socket]);
    assert.equal(named.code, 5);
    assert.equal(named.stderr.trim(), 'error: Group not found', 'no HTTP-style code in the text');

    const unknown = await runCl(['mi', 'nosuch', '-s', socket, '--json']);
    assert.equal(unknown.code, 5);
    assert.deepEqual(JSON.parse(unknown.stdout), { error: { code: 'CL_ERR_RPC_METHOD_NOT_FOUND', message: `no MI method 'nosuch' on unix:${socket} ('cl mi which' lists them all)`, exit: 5, rpc_code: -32601 } });
    const typo = await runCl(['mi', 'clusterer_lst', '-s', socket]);
    assert.equal(typo.code, 5);
    assert.match(typo.stderr, /^error: no MI method 'clusterer_lst' on unix:\S+; closest: clusterer_list, /);
    assert.match(typo.stderr, /'cl mi which' lists them all/);

    const help = await runCl(['mi', 'help', 'clusterer_list', '-s', socket, '--json']);
    assert.equal((JSON.parse(help.stdout) as { Help: string }).Help, 'lists the other nodes of each cluster of this node: URL, link state, state, next hop, description', 'help describes clusterer_list itself');
    const [missing, missingJson] = await Promise.all([runCl(['msg', 'mi', '1', '-s', socket]), runCl(['msg', 'mi', '1', '-s', socket, '--json'])]);
    assert.deepEqual([missing.code, missing.stderr], [2, "error: missing CMD (MI command to run, e.g. uptime) (see 'cl msg mi --help')\n"]);
    assert.deepEqual(JSON.parse(missingJson.stdout), { error: { code: 'CL_ERR_USAGE', message: "missing CMD (MI command to run, e.g. uptime) (see 'cl msg mi --help')", exit: 2 } });

    const viaOclif = await runCl(['mi', '--help']);
    assert.equal(viaOclif.code, 0);
    assert.match(viaOclif.stdout, /Call an MI method/);
  } finally {
    assert.equal(await node.stop(), 0, node.output());
    cleanup();
  }
});

test('an unreachable node gives a one-line hint and exit 3', async () => {
  const { dir, cleanup } = tempDir();
  const r = await runCl(['mi', 'uptime', '-s', join(dir, 'none.sock')]);
  cleanup();
  assert.equal(r.code, 3);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /is the node running\?/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
});

test('-s naming a directory or a plain file says it is not a socket', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    const [asDir, asFile] = await Promise.all([runCl(['mi', 'uptime', '-s', dir]), runCl(['cluster', 'list', '-s', file, '--json'])]);
    assert.equal(asDir.code, 3);
    assert.equal(asDir.stderr, `error: cannot reach unix:${dir}: ${dir} is a directory, not a control socket (give the socket file, e.g. -s ${join(dir, 'cl.sock')})\n`);
    assert.equal(asFile.code, 3);
    assert.match((JSON.parse(asFile.stdout) as { error: { message: string } }).error.message, /plain\.txt is not a socket/);
  } finally {
    cleanup();
  }
});
