import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { INERT_KEYS, OPENSIPS_KEYS, inertWarning, parseConfig, type ConfigKey } from '../../../src/engine/config/index.js';
import { repoRoot } from '../../helpers/cli.js';
import { base0 } from './helpers.js';

const VALUES: Record<string, unknown> = {
  db_bridges_table: 'bridges',
  dispatch_jobs: 0,
};

const inertWarnings = (warnings: readonly string[]): string[] => warnings.filter((w) => w.includes('no effect yet'));

test('inert parameters: the table holds OpenSIPS parameters only', () => {
  assert.deepEqual([...INERT_KEYS].sort(), Object.keys(VALUES).sort());
  for (const k of INERT_KEYS) assert.ok((OPENSIPS_KEYS as readonly string[]).includes(k), k);
});

test('inert parameters: each one set gives one warning; none set, none', () => {
  assert.deepEqual(inertWarnings(parseConfig(base0()).warnings), []);
  for (const [key, value] of Object.entries(VALUES)) {
    const { warnings } = parseConfig({ ...base0(), [key]: value });
    assert.deepEqual(inertWarnings(warnings), [`${key}: accepted for compatibility with OpenSIPS; no effect yet`], key);
  }
  const all = parseConfig({ ...base0(), ...VALUES }).warnings;
  assert.deepEqual(inertWarnings(all).sort(), [...INERT_KEYS].map((k) => inertWarning(k)).sort());
});

test('inert parameters: set under a legacy name, the warning names the parameter', () => {
  const { warnings } = parseConfig({ ...base0(), db_bridge_table: 'bridges' });
  assert.deepEqual(inertWarnings(warnings), [inertWarning('db_bridges_table')]);
  assert.ok(warnings.includes('`db_bridge_table` is deprecated, use `db_bridges_table`'));
});

test('inert parameters: a bad value is still a configuration error', () => {
  assert.throws(() => parseConfig({ ...base0(), dispatch_jobs: 'often' }), /dispatch_jobs/);
});

test('the sync parameters are in effect: no warning', () => {
  const { warnings } = parseConfig({ ...base0(), seed_fallback_interval: 7, sync_timeout: 20, sync_packet_size: 1024 });
  assert.deepEqual(inertWarnings(warnings), []);
});

/** The NodeConfig field of a parameter: sync_packet_size → syncPacketSize. */
const field = (key: ConfigKey): string => key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : n.endsWith('.ts') ? [p] : [];
  });

test('inert parameters: no code outside the configuration reads them (else remove it from INERT_KEYS)', () => {
  const outside = sources(join(repoRoot, 'src')).filter((p) => !relative(repoRoot, p).startsWith(join('src', 'engine', 'config')));
  for (const key of INERT_KEYS) {
    const re = new RegExp(`\\b${field(key)}\\b`);
    const readers = outside.filter((p) => re.test(readFileSync(p, 'utf8'))).map((p) => relative(repoRoot, p));
    assert.deepEqual(readers, [], `${key} (${field(key)}) is read outside src/engine/config`);
  }
});

test('inert parameters: man cl-node-start says "no effect yet" for each', () => {
  const man = readFileSync(join(repoRoot, 'man', 'cl-node-start.1'), 'utf8');
  for (const key of INERT_KEYS) {
    const start = man.indexOf(`.B ${key}\n`);
    assert.ok(start >= 0, `${key} is described`);
    const entry = man.slice(start, nextEntry(man, start));
    assert.match(entry, /No effect yet/, key);
  }
});

/** Where the man page entry that starts at `start` ends: the next .TP or .SS. */
function nextEntry(man: string, start: number): number {
  const ends = ['\n.TP', '\n.SS', '\n.SH'].map((m) => man.indexOf(m, start + 1)).filter((i) => i >= 0);
  return Math.min(...ends);
}
