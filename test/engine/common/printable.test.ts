import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeUnprintable, wireText } from '../../../src/engine/common/printable.js';
import { formatRecord } from '../../../src/engine/log.js';

test('wireText escapes control characters, DEL, C1, line separators, lone surrogates and backslashes', () => {
  assert.equal(wireText('a\nb\r\x00\x1b[31m\x7f\x85\u2028\ud800z\\'), 'a\\x0ab\\x0d\\x00\\x1b[31m\\x7f\\x85\\u2028\\ud800z\\\\');
  assert.equal(wireText('bin:127.0.0.1:5566 é 😀'), 'bin:127.0.0.1:5566 é 😀', 'printable text, paired surrogates included, is left alone');
});

test('wireText cuts long wire strings and says how long they were', () => {
  const s = wireText('x'.repeat(70_000));
  assert.equal(s, `${'x'.repeat(120)}… (70000 chars)`);
});

test('every log record is one line that starts with its time; continuation lines are indented', () => {
  const line = formatRecord({ level: 'warn', tag: 'cl', msg: 'bad \x1b[2J\nINFO forged\r', time: 0 });
  assert.equal(line, '1970-01-01T00:00:00.000Z WARN [cl] bad \\x1b[2J\n    INFO forged\\x0d\n');
  assert.equal(escapeUnprintable('C:\\path'), 'C:\\path', 'the sink keeps backslashes of the node\'s own text');
});
