import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeGenericMsg } from '../../../src/engine/messages/generic-frame.js';
import { decodeMessage, encodeMessage } from '../../../src/engine/wire/index.js';

const cases = [
  { reqLike: 1, tag: '1-1-ABCDEFGHIJKLMNOPQRSTUVWX', msg: 'where alice', clusterId: 1, srcId: 1, dstId: 2 },
  { reqLike: 0, tag: '12-345-x', msg: '', clusterId: 12, srcId: 345, dstId: 7 },
  { reqLike: 1, tag: 'ünïcødé', msg: '→ 🚀 done', clusterId: 2147483647, srcId: -5, dstId: 0 },
  { reqLike: 1, tag: 't', msg: 'm'.repeat(65_400), clusterId: 1, srcId: 1, dstId: 2 },
];

test('GENERIC_MSG fast encoder gives exactly the bytes of encodeMessage', () => {
  for (const c of cases) {
    const fast = encodeGenericMsg(c);
    assert.deepEqual(fast, encodeMessage({ kind: 'generic_msg', ...c }), `${c.tag}/${c.msg.length}`);
    assert.deepEqual(decodeMessage(fast), { kind: 'generic_msg', ...c });
  }
});

test('over a limit it fails exactly like encodeMessage', () => {
  for (const c of [
    { reqLike: 1, tag: 't', msg: 'm'.repeat(65_500), clusterId: 1, srcId: 1, dstId: 2 },
    { reqLike: 1, tag: 't', msg: 'm'.repeat(70_000), clusterId: 1, srcId: 1, dstId: 2 },
    { reqLike: 1, tag: 't', msg: 'm', clusterId: 2 ** 31, srcId: 1, dstId: 2 },
  ]) {
    const expected = (() => {
      try {
        encodeMessage({ kind: 'generic_msg', ...c });
      } catch (err) {
        return (err as { code: string }).code;
      }
      return 'none';
    })();
    assert.notEqual(expected, 'none');
    assert.throws(() => encodeGenericMsg(c), { code: expected });
  }
});

test('frames cut from the shared slab stay intact while later ones are built, across slab ends', () => {
  const made: { frame: Buffer; msg: string }[] = [];
  for (let i = 0; i < 2000; i++) {
    const msg = `${i}:${'é'.repeat(i % 97)}${'x'.repeat(i % 301)}`;
    made.push({ frame: encodeGenericMsg({ reqLike: i % 2, tag: `1-${i}-T`, msg, clusterId: 1, srcId: 1, dstId: 2 }), msg });
  }
  for (const { frame, msg } of made) {
    const d = decodeMessage(frame);
    assert.equal(d.kind === 'generic_msg' ? d.msg : '', msg);
  }
});
