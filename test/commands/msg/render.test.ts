import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asBroadcast, asMiSend } from '../../../src/client/validators.js';
import { eventJsonLine, miSendAsResults, renderEventLine, renderListening, renderMiResults, noReplyText, renderReply } from '../../../src/render/messages.js';

test('per-node MI results: one line each, by node id, failures with their error', () => {
  const lines = renderMiResults(
    {
      cluster_id: 1,
      cmd_name: 'uptime',
      failed: [4, 5],
      results: {
        '10': { status: 'sent', peer: 'other' },
        '1': { status: 'ok', peer: 'local', result: { 'Up time': '3 [sec]' } },
        '4': { status: 'down', peer: 'cl', error: { code: 400, message: 'Destination down' } },
        '5': { status: 'timeout', peer: 'cl', error: { code: 408, message: 'no result from node 5 within 2000 ms' } },
        '6': { status: 'skipped', peer: 'other' },
      },
    },
    { color: false },
  );
  assert.deepEqual(lines, [
    'node 1 (local): ok {"Up time":"3 [sec]"}',
    'node 4: down 400 Destination down',
    'node 5: timeout 408 no result from node 5 within 2000 ms',
    'node 6: skipped (disabled locally)',
    'node 10: sent (not a cl node: the result stays on that node)',
  ]);
});

test('a cl_send_mi result folds into the per-node shape; failures are listed', () => {
  const ok = miSendAsResults({ cluster_id: 1, destination: 3, cmd_name: 'uptime', status: 'ok', peer: 'cl', result: 1 });
  assert.deepEqual(ok, { cluster_id: 1, cmd_name: 'uptime', results: { '3': { status: 'ok', peer: 'cl', result: 1 } }, failed: [] });
  assert.deepEqual(miSendAsResults({ cluster_id: 1, destination: 3, cmd_name: 'x', status: 'unsupported', peer: 'other' }).failed, [3]);
  assert.throws(() => miSendAsResults(asMiSend('OK')), { code: 'CL_ERR_BAD_REPLY' });
  assert.throws(() => asBroadcast({ code: 1, status: 'sent' }), { code: 'CL_ERR_BAD_REPLY' });
});

test('event lines: human form with quoted text params, JSON form without the time', () => {
  const ev = { event: 'E_CLUSTERER_REQ_RECEIVED', params: { cluster_id: 1, src_id: 2, msg: 'where alice', tag: '1-2-AbC' }, time: Date.UTC(2026, 10, 21, 21, 7, 53, 123) };
  assert.equal(renderEventLine(ev, { color: false }), '21:07:53.123 E_CLUSTERER_REQ_RECEIVED cluster_id=1 src_id=2 msg="where alice" tag=1-2-AbC');
  assert.equal(eventJsonLine(ev), '{"event":"E_CLUSTERER_REQ_RECEIVED","params":{"cluster_id":1,"src_id":2,"msg":"where alice","tag":"1-2-AbC"}}');
  assert.equal(renderReply({ src_id: 3, msg: 'alice is here' }), 'node 3: alice is here');
});

test('failure lines of the msg and event commands', () => {
  assert.equal(noReplyText('1-3-x', '1s'), 'no reply to 1-3-x within 1s');
  assert.equal(noReplyText('1-3-x', '1s', []), 'no reply to 1-3-x within 1s (sent to nodes none)');
  assert.equal(renderListening([], ['cluster_id=1']), 'listening for all events where cluster_id=1 (Ctrl-C to stop)');
});
