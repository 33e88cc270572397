import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { clBin, runCl } from '../helpers/cli.js';
import { startCluster } from './cluster/fixture.js';

/** util-linux script(1): runs a command on a pseudo-terminal, the way an operator's shell does. */
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const quote = (w: string): string => `'${w.replace(/'/g, `'\\''`)}'`;

/** Runs the built cl on a pseudo-terminal; resolves with what the terminal received (CR LF as LF). */
function onTerminal(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<{ code: number; out: string }> {
  // With `input`, stdin is a pipe (as in `cl kv list | cl kv put --stdin`) and stdout/stderr the terminal.
  const cmd = (input === undefined ? '' : `printf %s ${quote(input)} | `) + [process.execPath, clBin, ...args].map(quote).join(' ');
  return new Promise((resolve) => {
    const child = spawn('script', ['-qefc', cmd, '/dev/null'], { env: { ...process.env, NO_COLOR: undefined, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out: out.replace(/\r\n/g, '\n') });
    });
  });
}

const SGR = /\u001b\[\d+(;\d+)*m/;
const GREEN_UP = '\u001b[32mUp\u001b[39m';

test('on a terminal: cl mi pretty-prints, states are coloured (not with NO_COLOR), status --watch redraws in place; piped: none of it', { skip: hasScript ? false : 'script(1) of util-linux not installed' }, async () => {
  const c = await startCluster({ size: 2 });
  const s = c.sockets[0]!;
  try {
    const [mi, list, noColor, watch] = await Promise.all([
      onTerminal(['mi', 'uptime', '-s', s]),
      onTerminal(['cluster', 'list', '-s', s]),
      onTerminal(['cluster', 'list', '-s', s], { NO_COLOR: '1' }),
      onTerminal(['status', '--watch', '--count', '2', '--interval', '100ms', '-s', s]),
    ]);
    assert.equal(mi.code, 0, mi.out);
    assert.match(mi.out, /^\{\n  "Now": ".+",\n  "Up since": ".+",\n  "Up time": "\d+ \[sec\]"\n\}\n$/, 'indented JSON on a terminal');

    assert.equal(list.code, 0, list.out);
    assert.ok(list.out.includes(GREEN_UP), `Up in green on a terminal:\n${JSON.stringify(list.out)}`);
    assert.equal(noColor.code, 0, noColor.out);
    assert.doesNotMatch(noColor.out, SGR, 'NO_COLOR: no colour even on a terminal');
    assert.match(noColor.out, /^1 +2 +bin:\S+ +Up +enabled/m);

    assert.equal(watch.code, 0, watch.out);
    const frames = watch.out.split('\u001b[H\u001b[2J');
    assert.equal(frames.length, 3, `each of the 2 refreshes clears the screen and starts at its top:\n${JSON.stringify(watch.out)}`);
    assert.ok(frames[1]!.includes(GREEN_UP) && frames[2]!.includes(GREEN_UP));

    // The progress line of a long load: on a terminal only, redrawn in place and erased at the end.
    const pairs = 'soak:1 a\nsoak:2 b\nsoak:3 c\n';
    const bulk = await onTerminal(['kv', 'put', '--stdin', '-s', s], {}, pairs);
    assert.equal(bulk.code, 0, bulk.out);
    assert.ok(bulk.out.includes('\r\u001b[K3 pairs stored ('), `a progress line on the terminal:\n${JSON.stringify(bulk.out)}`);
    assert.ok(bulk.out.endsWith('\r\u001b[Kstored 3\n'), JSON.stringify(bulk.out));
    const bulkPiped = await runCl(['kv', 'put', '--stdin', '-s', s], { input: pairs });
    assert.deepEqual([bulkPiped.code, bulkPiped.stdout, bulkPiped.stderr], [0, 'stored 3\n', ''], 'no progress in a pipe');

    const [miPiped, listPiped, watchPiped] = await Promise.all([c.cl(1, 'mi', 'uptime'), c.cl(1, 'cluster', 'list'), c.cl(1, 'status', '--watch', '--count', '2', '--interval', '100ms')]);
    assert.equal(miPiped.stdout.trim().split('\n').length, 1, 'one line of JSON in a pipe');
    assert.doesNotMatch(listPiped.stdout + watchPiped.stdout, SGR, 'no colour in a pipe');
    assert.doesNotMatch(watchPiped.stdout, /\u001b\[H/, 'no screen control in a pipe');
    assert.equal(watchPiped.stdout.match(/^node 1 /gm)?.length, 2, 'in a pipe each refresh follows the previous one');
  } finally {
    await c.stop();
  }
});
