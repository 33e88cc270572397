import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHello, decodeMi, encodeHello, encodeMiReply, encodeMiRequest, fitBody, MAX_MI_BODY } from '../../../src/engine/messages/ext-wire.js';
import { decodeMessage, encodeMessage, type ModuleMsg } from '../../../src/engine/wire/index.js';

const t = { clusterId: 1, srcId: 2, dstId: 3 };
const asModule = (frame: Buffer): ModuleMsg => {
  const m = decodeMessage(frame);
  assert.equal(m.kind, 'module');
  return m as ModuleMsg;
};

test('cl-hello and cl-mi are routable module packets that round-trip', () => {
  const hello = asModule(encodeHello({ software: 'cl 0.1.0', wantAnswer: true }, t));
  assert.deepEqual([hello.capability, hello.version, hello.type, hello.clusterId, hello.srcId, hello.dstId], ['cl-hello', 1, 1, 1, 2, 3]);
  assert.deepEqual(decodeHello(hello), { software: 'cl 0.1.0', wantAnswer: true });
  const req = asModule(encodeMiRequest({ id: 7, cmdName: 'uptime', params: '{"a":1}' }, t));
  assert.deepEqual(decodeMi(req), { type: 'req', id: 7, cmdName: 'uptime', params: '{"a":1}' });
  const rpl = asModule(encodeMiReply({ id: 0xffffffff, ok: false, body: '{"code":404}' }, t));
  assert.deepEqual(decodeMi(rpl), { type: 'reply', id: 0xffffffff, ok: false, body: '{"code":404}' });
});

test('malformed or foreign cl-mi packets are refused with a wire error', () => {
  const other = (type: number, version: number, payload: Buffer): ModuleMsg =>
    asModule(encodeMessage({ kind: 'module', capability: 'cl-mi', version, type, payload, ...t }));
  assert.throws(() => decodeMi(other(9, 1, Buffer.alloc(4))), { code: 'CL_ERR_WIRE_UNKNOWN_TYPE' });
  assert.throws(() => decodeMi(other(1, 2, Buffer.alloc(4))), { code: 'CL_ERR_WIRE_BAD_VERSION' });
  assert.throws(() => decodeMi(other(1, 1, Buffer.alloc(5))), { code: 'CL_ERR_WIRE_TRUNCATED' });
});

test('a result too large for one packet becomes an error that says so', () => {
  assert.deepEqual(fitBody(true, '"small"'), { ok: true, body: '"small"' });
  const big = fitBody(true, JSON.stringify('x'.repeat(MAX_MI_BODY)));
  assert.equal(big.ok, false);
  assert.match(big.body, /Result too large/);
  assert.ok(encodeMiReply({ id: 1, ...fitBody(true, 'x'.repeat(MAX_MI_BODY)) }, t).length <= 65515);
});
