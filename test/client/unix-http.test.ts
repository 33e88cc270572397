import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseResponse, unixPost } from '../../src/client/unix-http.js';
import { tempDir } from '../helpers/tmp.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

test('a reply is complete by its Content-Length, its last chunk, or the close', () => {
  assert.equal(parseResponse(b('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab'), false), null, 'more to come');
  assert.deepEqual(parseResponse(b('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabcde'), false), { status: 200, text: 'abcde' });
  assert.deepEqual(parseResponse(b('HTTP/1.1 404 Not Found\r\ncontent-length: 3\r\n\r\nabc'), false), { status: 404, text: 'abc' });
  const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n';
  assert.equal(parseResponse(b(chunked), false), null);
  assert.deepEqual(parseResponse(b(`${chunked}0\r\n\r\n`), false), { status: 200, text: 'abcde' });
  assert.equal(parseResponse(b('HTTP/1.1 200 OK\r\n\r\nxyz'), false), null);
  assert.deepEqual(parseResponse(b('HTTP/1.1 200 OK\r\n\r\nxyz'), true), { status: 200, text: 'xyz' });
  assert.equal(parseResponse(b('HTTP/1.1 200'), true), null, 'no header end');
  assert.throws(() => parseResponse(b('SSH-2.0-OpenSSH\r\n\r\n'), false), /did not answer HTTP/);
});

test('one POST over a real unix socket: the body, the headers and a UTF-8 reply; a slow answer still arrives; the bound holds', async () => {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 's.sock');
  const seen: { url?: string; body: string; header?: string }[] = [];
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ url: req.url, body, header: req.headers['x-test'] as string });
      const text = body === 'never' ? undefined : JSON.stringify({ ok: 'é' });
      if (text === undefined) return;
      setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text), body === 'slow' ? 50 : 0);
    });
  });
  await new Promise<void>((r) => srv.listen(path, r));
  try {
    assert.deepEqual(await unixPost(path, '/mi', '{"a":1}', { 'x-test': 'yes' }, 5000, () => new Error('late')), { status: 200, text: '{"ok":"é"}' });
    assert.deepEqual(seen[0], { url: '/mi', body: '{"a":1}', header: 'yes' });
    assert.equal((await unixPost(path, '/mi', 'slow', {}, 5000, () => new Error('late'))).status, 200);
    await assert.rejects(unixPost(path, '/mi', 'never', {}, 100, () => new Error('late')), /late/);
    await assert.rejects(unixPost(join(dir, 'none.sock'), '/mi', '', {}, 1000, () => new Error('late')), (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT');
  } finally {
    srv.closeAllConnections();
    await new Promise<void>((r) => srv.close(() => r()));
    cleanup();
  }
});

test('a large reply in many chunks arrives whole', async () => {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'big.sock');
  const big = JSON.stringify({ items: Array.from({ length: 50_000 }, (_, i) => `item-${i}-ü`) });
  const srv = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Length': Buffer.byteLength(big) }).end(big));
  });
  await new Promise<void>((r) => srv.listen(path, r));
  try {
    const r = await unixPost(path, '/mi', '{}', {}, 10_000, () => new Error('late'));
    assert.equal(r.text.length, big.length);
    assert.equal(r.text, big);
  } finally {
    srv.closeAllConnections();
    await new Promise<void>((r) => srv.close(() => r()));
    cleanup();
  }
});
