import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster } from './cluster/fixture.js';

/**
 * The shape of each command's --json result, as its man page documents it:
 * a type name ('string', 'number', 'boolean', 'object' for any object,
 * unions as 'number|null'), [item] for an array, {key: shape} for an object
 * with exactly these keys ('key?' may be absent).
 */
type Shape = string | [Shape] | { [key: string]: Shape };

function check(v: unknown, shape: Shape, at: string): void {
  if (typeof shape === 'string') {
    const kind = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
    assert.ok(shape.split('|').includes(kind), `${at}: expected ${shape}, got ${JSON.stringify(v)}`);
    return;
  }
  if (Array.isArray(shape)) {
    assert.ok(Array.isArray(v), `${at}: expected an array, got ${JSON.stringify(v)}`);
    (v as unknown[]).forEach((item, i) => check(item, shape[0], `${at}[${i}]`));
    return;
  }
  assert.ok(typeof v === 'object' && v !== null && !Array.isArray(v), `${at}: expected an object, got ${JSON.stringify(v)}`);
  const o = v as Record<string, unknown>;
  const keys = Object.keys(shape).map((k) => k.replace(/\?$/, ''));
  for (const k of Object.keys(o)) assert.ok(keys.includes(k), `${at}: key ${k} is not documented (${keys.join(', ')})`);
  for (const [k, s] of Object.entries(shape)) {
    const name = k.replace(/\?$/, '');
    if (k.endsWith('?') && !(name in o)) continue;
    assert.ok(name in o, `${at}: key ${name} missing`);
    check(o[name], s, `${at}.${name}`);
  }
}

const listedNode = { node_id: 'number', 'db_id?': 'number', url: 'string', link_state: 'string', state: 'string', next_hop: 'string', description: 'string', self: 'boolean' };

const SHAPES: [string[], Shape][] = [
  [['status'], {
    node_id: 'number', version: 'string', pid: 'number', started_at: 'string', uptime_ms: 'number', db_mode: 'number', 'control_socket?': 'string',
    clusters: [{ cluster_id: 'number', url: 'string', enabled: 'boolean', nodes: [{ node_id: 'number', url: 'string', link_state: 'string', enabled: 'boolean', next_hop: 'number|null', last_pong_ms_ago: 'number|null', description: 'string' }] }],
    sharing_tags: [{ tag: 'string', cluster_id: 'number', state: 'string', since: 'string', reason: 'string' }],
    capabilities: [{ cluster_id: 'number', capability: 'string', state: 'string', enabled: 'boolean', donor: 'number|null', received: 'number', expected: 'number', synced_nodes: ['number'] }],
    events: [{ event: 'string', params: 'object', time: 'string' }],
  }],
  [['cluster', 'list'], { clusters: [{ cluster_id: 'number', nodes: [listedNode] }] }],
  [['cluster', 'topology'], { clusters: [{ cluster_id: 'number', nodes: [{ node_id: 'number', neighbours: ['number'] }] }] }],
  [['cluster', 'route', '1', '3'], { cluster_id: 'number', node_id: 'number', reachable: 'boolean', path: ['number'], hops: 'number', next_hop: 'number|null', reason: 'string', links: [{ from: 'number', to: 'number', link: 'string', last_pong_ms_ago: 'number|null', priority: 'number' }], alternatives: [{ first_hop: 'number', path: ['number'], hops: 'number' }] }],
  [['shtag', 'get', 'vip/1'], { tag: 'string', cluster_id: 'number', state: 'string', since: 'string', reason: 'string', 'created?': 'boolean' }],
  [['shtag', 'list'], [{ tag: 'string', cluster_id: 'number', state: 'string', since: 'string', reason: 'string' }]],
  [['cap', 'list'], [{ cluster_id: 'number', capability: 'string', status: 'number', state: 'string', enabled: 'boolean', synced: 'boolean', donor: 'number|null', received: 'number', expected: 'number', verified: 'boolean', synced_nodes: ['number'] }]],
  [['cap', 'owner', 'cachedb-local-repl', 'k1'], { cluster_id: 'number', capability: 'string', key: 'string', owner: 'number|null', nodes: ['number'] }],
  [['kv', 'put', 'k1', 'v1'], 'string'],
  [['kv', 'get', 'k1'], { key: 'string', value: 'string' }],
  [['kv', 'list'], [{ key: 'string', value: 'string', expires: 'number' }]],
  [['kv', 'add', 'c1', '5'], { key: 'string', value: 'number' }],
  [['msg', 'send', '1', '2', 'hello'], { code: 'number', status: 'string', tag: 'string' }],
  [['msg', 'broadcast', '1', 'hi'], { code: 'number', status: 'string', tag: 'string', sent_to: ['number'] }],
  [['version'], { version: 'string', node_js: 'string', platform: 'string', 'node?': 'string' }],
  [['node', 'status', '1'], [{ cluster_id: 'number', node_id: 'number', self: 'boolean', url: 'string', enabled: 'boolean', link_state: 'string', next_hop: 'number|null', last_pong_ms_ago: 'number|null' }]],
  [['stats', 'clusterer:'], [{ name: 'string', value: 'number|string' }]],
  [['sr', 'list'], [{ group: 'string', identifier: 'string', ready: 'boolean', status: 'number', details: 'string' }]],
  [['sr', 'reports', 'clusterer'], [{ group: 'string', identifier: 'string', timestamp: 'number', date: 'string', log: 'string' }]],
  [['mi', 'which'], [{ name: 'string', module_cmd: 'string|null' }]],
  [['kv', 'del', 'k1'], 'string'],
];

const ERROR_SHAPE: Shape = { error: { code: 'string', message: 'string', exit: 'number', 'rpc_code?': 'number', 'data?': 'string|object' } };

test('every --json result has its documented keys and types, on one line; so has every error', async () => {
  const c = await startCluster({ size: 3 });
  try {
    for (const [args, shape] of SHAPES) {
      const r = await c.cl(1, ...args, '--json');
      // Exit 1 is a result for these two (a backup tag; no owner while no node holds the capability synced), same shape.
      const oneIsResult = ['shtag get', 'cap owner'].includes(args.slice(0, 2).join(' '));
      assert.ok(r.code === 0 || (oneIsResult && r.code === 1), `cl ${args.join(' ')}: exit ${r.code} ${r.stderr}${r.stdout}`);
      assert.equal(r.stdout.trimEnd().split('\n').length, 1, `cl ${args.join(' ')}: one line`);
      check(JSON.parse(r.stdout), shape, `cl ${args.join(' ')}`);
    }
    // A key not found is a result, not an error (cl-kv-get(1)): exit 1 and a null value.
    const missing = await c.cl(1, 'kv', 'get', 'nosuch', '--json');
    assert.deepEqual([missing.code, JSON.parse(missing.stdout)], [1, { key: 'nosuch', value: null }]);
    for (const args of [['node', 'status', '1', '9'], ['cluster', 'route', '1', '9'], ['mi', 'nosuch'], ['cluster', 'lst'], ['sr', 'list', 'nope']]) {
      const r = await c.cl(1, ...args, '--json');
      assert.notEqual(r.code, 0, args.join(' '));
      assert.ok(r.stdout.trim() !== '', `cl ${args.join(' ')} --json: exit ${r.code}, nothing on stdout (stderr: ${r.stderr})`);
      const err = JSON.parse(r.stdout) as { error: { exit: number } };
      check(err, ERROR_SHAPE, `cl ${args.join(' ')} (error)`);
      assert.equal(err.error.exit, r.code, `cl ${args.join(' ')}: "exit" is the exit code`);
    }
  } finally {
    await c.stop();
  }
});
