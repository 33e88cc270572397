import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { completionTable } from '../../src/render/completion.js';
import type { HelpCommand } from '../../src/render/help.js';
import { runCl } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const cmd = (id: string, flags: string[] = [], options?: string[]): HelpCommand => ({
  id,
  summary: '',
  description: '',
  examples: [],
  args: options ? [{ name: 'x', description: '', required: true, options }] : [],
  variadic: false,
  flags: flags.map((name) => ({ name, summary: '', takesValue: false })),
});

test('the completion table: sub-commands under each topic, flags and fixed values under each command', () => {
  const t = completionTable([cmd('cluster:list', ['json']), cmd('cluster:route'), cmd('mi', ['json']), cmd('completion', [], ['bash', 'zsh'])]);
  assert.deepEqual(t.get('')?.words, ['cluster', 'completion', 'mi']);
  assert.deepEqual(t.get('cluster')?.words, ['list', 'route']);
  assert.deepEqual(t.get('cluster list'), { words: [], flags: ['--json'] });
  assert.deepEqual(t.get('completion')?.words, ['bash', 'zsh']);
  assert.deepEqual([...t.keys()].slice(0, 2), ['cluster route', 'cluster list'], 'longest paths first');
});

/** What bash completes for the words of a line (the last one being completed), with the script of `cl completion bash`. */
function complete(script: string, dir: string, words: string[]): string[] {
  const file = join(dir, 'cl.bash');
  writeFileSync(file, script);
  const arr = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync('bash', ['-c', `source ${file}; COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _cl; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

test('cl completion bash: a script bash runs, completing topics, commands and flags', async (t) => {
  if (spawnSync('bash', ['--version']).status !== 0) return t.skip('no bash');
  const r = await runCl(['completion', 'bash']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /complete -o default -F _cl cl/);
  const { dir, cleanup } = tempDir();
  try {
    assert.deepEqual(complete(r.stdout, dir, ['cl', 'clu']), ['cluster']);
    assert.deepEqual(complete(r.stdout, dir, ['cl', 'cluster', '']), ['list', 'route', 'topology']);
    assert.ok(complete(r.stdout, dir, ['cl', 'cluster', 'route', '1', '--']).includes('--json'), 'flags after the args too');
    assert.deepEqual(complete(r.stdout, dir, ['cl', 'shtag', 'get', '--no-']), ['--no-create']);
    assert.ok(complete(r.stdout, dir, ['cl', 'shtag', 'get', '--no']).includes('--node'), 'the node options too');
    assert.deepEqual(complete(r.stdout, dir, ['cl', 'completion', '']), ['bash', 'zsh']);
    assert.ok(complete(r.stdout, dir, ['cl', '']).includes('status'));
  } finally {
    cleanup();
  }
});

test('cl completion zsh: a script zsh accepts; another shell is a usage error', async (t) => {
  const r = await runCl(['completion', 'zsh']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^#compdef cl\n/);
  assert.match(r.stdout, /compdef _cl cl/);
  const fish = await runCl(['completion', 'fish']);
  assert.equal(fish.code, 2);
  assert.match(fish.stderr, /^error: bad SHELL 'fish': expected bash or zsh/);
  if (spawnSync('zsh', ['--version']).status !== 0) return t.skip('no zsh to parse the script');
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, '_cl'), r.stdout);
    const parsed = spawnSync('zsh', ['-n', join(dir, '_cl')], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(parsed.status, 0, parsed.stderr);
  } finally {
    cleanup();
  }
});
