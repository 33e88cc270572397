import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadUrlError, isIPv4, parseBinUrl, parseHostPort } from '../../../src/engine/config/index.js';

test('parseBinUrl: full bin and bins URLs', () => {
  assert.deepEqual(parseBinUrl('bin:127.0.0.1:5566'), { proto: 'bin', host: '127.0.0.1', port: 5566, url: 'bin:127.0.0.1:5566' });
  assert.deepEqual(parseBinUrl('bins:10.0.0.2:7000'), { proto: 'bins', host: '10.0.0.2', port: 7000, url: 'bins:10.0.0.2:7000' });
});

test('parseBinUrl: scheme and port are optional', () => {
  assert.equal(parseBinUrl('bin:10.0.0.1').url, 'bin:10.0.0.1:5555');
  assert.equal(parseBinUrl('bins:10.0.0.1').url, 'bins:10.0.0.1:5556');
  assert.equal(parseBinUrl('10.0.0.1:6000').url, 'bin:10.0.0.1:6000');
  assert.equal(parseBinUrl('10.0.0.1').url, 'bin:10.0.0.1:5555');
});

test('parseBinUrl: localhost, case and surrounding spaces are normalized', () => {
  assert.equal(parseBinUrl('bin:localhost:5566').url, 'bin:127.0.0.1:5566');
  assert.equal(parseBinUrl('  BINS:LocalHost  ').url, 'bins:127.0.0.1:5556');
});

test('parseBinUrl: rejects other schemes, bad ports, bad or empty hosts', () => {
  const bad = [
    '', '   ', 'udp:1.2.3.4:5060', 'tcp:1.2.3.4', 'bin::5566', 'bin:1.2.3.4:0', 'bin:1.2.3.4:65536',
    'bin:1.2.3.4:abc', 'bin:1.2.3.4:', 'bin:example.com:5566', 'bin:256.1.1.1:1', 'bin:01.2.3.4:1',
    'bin:1.2.3:1', 'bin:[::1]:5566', 'bin://1.2.3.4:5566', 'bin:1.2.3.4:5566:1',
  ];
  for (const u of bad) {
    assert.throws(() => parseBinUrl(u), (e: unknown) => {
      assert.ok(e instanceof BadUrlError, u);
      assert.match(e.message, /^Bad URL! /);
      assert.ok(e.message.includes(JSON.stringify(u)), `message names the URL: ${e.message}`);
      assert.equal(e.code, 'CL_ERR_BAD_URL');
      return true;
    });
  }
});

test('isIPv4', () => {
  assert.ok(isIPv4('0.0.0.0'));
  assert.ok(isIPv4('255.255.255.255'));
  assert.ok(!isIPv4('1.2.3.256'));
  assert.ok(!isIPv4('1.2.3'));
  assert.ok(!isIPv4('1.2.3.04'));
});

test('parseHostPort', () => {
  assert.deepEqual(parseHostPort('127.0.0.1:8888'), { host: '127.0.0.1', port: 8888 });
  assert.deepEqual(parseHostPort('localhost:80'), { host: '127.0.0.1', port: 80 });
  for (const bad of ['8888', '127.0.0.1', '127.0.0.1:', 'host:80', '127.0.0.1:99999']) {
    assert.throws(() => parseHostPort(bad), /bad address/, bad);
  }
});

test('parseBinUrl: IPv6 (bracketed or not) and host names are refused with a reason', () => {
  assert.throws(() => parseBinUrl('bin:::1:5566'), /IPv6 address without brackets/);
  assert.throws(() => parseBinUrl('bin:fe80::1:5566'), /IPv6 address without brackets/);
  assert.throws(() => parseBinUrl('bin:[::1]:5566'), /IPv6 addresses are not supported/);
  assert.throws(() => parseBinUrl('bin:node2.example.com:5566'), /host names are not resolved/);
});
