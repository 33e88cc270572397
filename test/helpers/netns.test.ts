import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetnsLab, netemArgs, ownerPid, randomLossRules, parseNetnsList, probe, runPrefix, staleNamespaces } from './netns.js';

test('parseNetnsList: names with and without an id, blank lines ignored', () => {
  assert.deepEqual(parseNetnsList('clnet12-mh-n1 (id: 3)\nclnet12-mh-br (id: 2)\n\nplain\n'), ['clnet12-mh-n1', 'clnet12-mh-br', 'plain']);
  assert.deepEqual(parseNetnsList(''), []);
});

test('ownerPid: only names of the form <base><pid>-<rest>', () => {
  assert.equal(runPrefix(4242), 'clnet4242-');
  assert.equal(ownerPid('clnet4242-mh-n1'), 4242);
  assert.equal(ownerPid('clnet4242-'), undefined, 'nothing after the dash');
  assert.equal(ownerPid('clnet-mh-n1'), undefined);
  assert.equal(ownerPid('clnetx12-a'), undefined);
  assert.equal(ownerPid('other4242-a'), undefined);
  assert.equal(ownerPid('xclnet4242-a'), undefined);
  assert.equal(ownerPid('t7-a', 't'), 7, 'another base');
});

test('staleNamespaces: ours, of a dead PID, not this process', () => {
  const names = ['clnet10-a', 'clnet11-b', 'clnet12-c', 'foreign', 'clnet-x'];
  const alive = (pid: number) => pid === 11;
  assert.deepEqual(staleNamespaces(names, alive, 12), ['clnet10-a']);
  assert.deepEqual(staleNamespaces(names, () => false, 99), ['clnet10-a', 'clnet11-b', 'clnet12-c']);
});

test('randomLossRules: one DROP rule each way with the statistic match; nonsense refused', () => {
  assert.deepEqual(randomLossRules('eth0', 1), [
    ['-A', 'INPUT', '-i', 'eth0', '-m', 'statistic', '--mode', 'random', '--probability', '0.01', '-j', 'DROP'],
    ['-A', 'OUTPUT', '-o', 'eth0', '-m', 'statistic', '--mode', 'random', '--probability', '0.01', '-j', 'DROP'],
  ]);
  for (const bad of [0, -1, 101, Number.NaN]) assert.throws(() => randomLossRules('eth0', bad), RangeError);
});

test('netemArgs: delay and loss; nonsense refused', () => {
  assert.deepEqual(netemArgs('eth0', 20, 1), ['qdisc', 'add', 'dev', 'eth0', 'root', 'netem', 'delay', '20ms', 'loss', '1%']);
  assert.throws(() => netemArgs('eth0', -1, 1), RangeError);
  assert.throws(() => netemArgs('eth0', 20, 101), RangeError);
  assert.throws(() => netemArgs('eth0', Number.NaN, 1), RangeError);
});

test('NetnsLab refuses namespaces it did not make', () => {
  const lab = new NetnsLab('t', { pid: 1 });
  assert.equal(lab.name('n1'), 'clnet1-t-n1');
  assert.throws(() => lab.execArgv('someone-else', ['true']), /was not made by this lab/);
  assert.throws(() => lab.ip('clnet2-t-n1', 'link'), /was not made by this lab/);
  assert.deepEqual(lab.execArgv('clnet1-t-n1', ['node', '-v']), ['ip', 'netns', 'exec', 'clnet1-t-n1', 'node', '-v']);
});

test('NetnsLab: two namespaces joined by a veth reach each other over TCP; cleanup removes both', async (t) => {
  const { problem } = probe();
  if (problem) {
    t.skip(`network namespaces not available: ${problem}`);
    return;
  }
  const lab = new NetnsLab('self');
  const unguard = lab.guard();
  try {
    const a = lab.add('a');
    const b = lab.add('b');
    lab.veth({ ns: a, dev: 'v0' }, { ns: b, dev: 'v0' });
    lab.ip(a, 'addr', 'add', '10.250.0.1/30', 'dev', 'v0');
    lab.ip(b, 'addr', 'add', '10.250.0.2/30', 'dev', 'v0');
    assert.deepEqual(lab.remaining().sort(), [a, b].sort());
    // nothing listens on b: a connect from a is refused by b's kernel, so a reaches b through the veth
    const connect = "require('node:net').connect(7777,'10.250.0.2').on('error',e=>console.log(e.code)).on('connect',()=>console.log('connected'))";
    assert.equal(lab.exec(a, [process.execPath, '-e', connect]).trim(), 'ECONNREFUSED');
    const rtt = lab.tcpRoundTripMs(a, '10.250.0.2', 7777);
    assert.ok(rtt >= 0 && rtt < 50, `round trip over a bare veth: ${rtt} ms`);
    // and the address is b's only: inside a, nothing has it
    assert.doesNotMatch(lab.ip(a, 'addr', 'show'), /10\.250\.0\.2/);
  } finally {
    assert.deepEqual(lab.cleanup(), []);
    unguard();
  }
  assert.deepEqual(lab.remaining(), []);
});
