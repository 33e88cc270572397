import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../helpers/cli.js';

interface View {
  node: number;
  topology: string[];
  keys: Record<string, string>;
  tags: Record<string, string>;
}
interface Verdict {
  ok: boolean;
  lost: number;
  problems: string[];
  line: string;
}
type VerdictFn = (input: { views: View[]; acknowledged: { key: string; value: string }[]; faults: number; tagNames?: string[] }) => Verdict;

const load = async (): Promise<VerdictFn> => ((await import(pathToFileURL(join(repoRoot, 'scripts', 'chaos', 'verdict.mjs')).href)) as { verdict: VerdictFn }).verdict;

const EDGES = ['1-2', '1-3', '2-3'];
function views(): View[] {
  return [1, 2, 3].map((node) => ({ node, topology: [...EDGES].reverse(), keys: { a: '1', b: '2' }, tags: { 'vip/1': node === 2 ? 'active' : 'backup' } }));
}
const ACK = [{ key: 'a', value: '1' }];

test('chaos verdict: agreeing views pass with the final line', async () => {
  const verdict = await load();
  const v = verdict({ views: views(), acknowledged: ACK, faults: 7, tagNames: ['vip/1'] });
  assert.deepEqual(v.problems, []);
  assert.equal(v.line, 'chaos: 7 faults, 1 writes acknowledged, 0 lost, topology agreed, 1 active per tag');
});

test('chaos verdict: an acknowledged key missing on one node is lost, and the key sets differ', async () => {
  const verdict = await load();
  const vs = views();
  delete vs[2]!.keys.a;
  const v = verdict({ views: vs, acknowledged: ACK, faults: 1 });
  assert.equal(v.ok, false);
  assert.equal(v.lost, 1);
  assert.match(v.line, /^chaos: 1 faults, 1 writes acknowledged, 1 lost, .*FAILED$/);
  assert.ok(v.problems.some((p) => /node 3 and node 1 hold different keys \(node 3 lacks 1: a;/.test(p)), v.problems.join('\n'));
});

test('chaos verdict: an acknowledged write with another value on a node is lost; differing values are named', async () => {
  const verdict = await load();
  const vs = views();
  vs[1]!.keys.a = 'other';
  const v = verdict({ views: vs, acknowledged: ACK, faults: 1 });
  assert.equal(v.lost, 1);
  assert.ok(v.problems.some((p) => /different values for 1 keys: a/.test(p)), v.problems.join('\n'));
});

test('chaos verdict: two nodes holding a tag active fail, so does none', async () => {
  const verdict = await load();
  const two = views();
  two[0]!.tags['vip/1'] = 'active';
  const v = verdict({ views: two, acknowledged: ACK, faults: 1, tagNames: ['vip/1'] });
  assert.equal(v.ok, false);
  assert.ok(v.problems.includes('sharing tag vip/1 is active on nodes 1, 2'), v.problems.join('\n'));
  assert.match(v.line, /sharing tags not 1 active each/);
  const none = views();
  none[1]!.tags['vip/1'] = 'backup';
  assert.ok(verdict({ views: none, acknowledged: ACK, faults: 1 }).problems.includes('sharing tag vip/1 is active on no node'));
  const gone = views().map((x) => ({ ...x, tags: {} }));
  assert.ok(verdict({ views: gone, acknowledged: ACK, faults: 1, tagNames: ['vip/1'] }).problems.includes('sharing tag vip/1 is active on no node'), 'a configured tag no node lists');
});

test('chaos verdict: differing topologies fail', async () => {
  const verdict = await load();
  const vs = views();
  vs[2]!.topology = ['1-2', '1-3'];
  const v = verdict({ views: vs, acknowledged: ACK, faults: 1 });
  assert.equal(v.ok, false);
  assert.match(v.line, /topology differs/);
  assert.ok(v.problems.some((p) => p.startsWith('topology differs: node 1 sees [1-2 1-3 2-3]') && p.includes('node 3 sees [1-2 1-3]')), v.problems.join('\n'));
});
