import { test } from 'node:test';
import assert from 'node:assert/strict';
import parse from 'parse-prometheus-text-format';
import { escapeLabelValue, exposition } from '../../../src/engine/control/prometheus.js';

test('exposition: HELP and TYPE lines, labels, one sample a line; a real parser reads it back', () => {
  const text = exposition([
    { name: 'cl_kv_entries', help: 'Entries.', type: 'gauge', samples: [{ value: 3 }] },
    { name: 'cl_bin_packets_refused_total', help: 'Refused.', type: 'counter', samples: [{ labels: { reason: 'non_member' }, value: 2 }, { labels: { reason: 'bad_id' }, value: 0 }] },
    { name: 'cl_shtag_active', help: 'Tags.', type: 'gauge', samples: [] },
  ]);
  assert.equal(
    text,
    [
      '# HELP cl_kv_entries Entries.',
      '# TYPE cl_kv_entries gauge',
      'cl_kv_entries 3',
      '# HELP cl_bin_packets_refused_total Refused.',
      '# TYPE cl_bin_packets_refused_total counter',
      'cl_bin_packets_refused_total{reason="non_member"} 2',
      'cl_bin_packets_refused_total{reason="bad_id"} 0',
      '# HELP cl_shtag_active Tags.',
      '# TYPE cl_shtag_active gauge',
      '',
    ].join('\n'),
  );
  const fams = parse(text);
  assert.deepEqual(fams.map((f) => [f.name, f.type, f.metrics.length]), [['cl_kv_entries', 'GAUGE', 1], ['cl_bin_packets_refused_total', 'COUNTER', 2], ['cl_shtag_active', 'GAUGE', 0]]);
});

test('exposition: label values are escaped so that a tag name with quotes, backslashes or newlines survives', () => {
  assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
  const text = exposition([{ name: 'cl_shtag_active', help: 'h', type: 'gauge', samples: [{ labels: { cluster: 1, tag: 'v"i\\p' }, value: 1 }] }]);
  assert.deepEqual(parse(text)[0]!.metrics[0]!.labels, { cluster: '1', tag: 'v"i\\p' });
});

test('exposition: a bad metric or label name, or a family listed twice, is refused naming it', () => {
  assert.throws(() => exposition([{ name: 'bad-name', help: '', type: 'gauge', samples: [] }]), /bad metric name 'bad-name'/);
  assert.throws(() => exposition([{ name: 'm', help: '', type: 'gauge', samples: [{ labels: { 'a-b': 1 }, value: 1 }] }]), /metric m: bad label name 'a-b'/);
  assert.throws(() => exposition([{ name: 'm', help: '', type: 'gauge', samples: [] }, { name: 'm', help: '', type: 'gauge', samples: [] }]), /metric m listed twice/);
});

test('exposition: NaN and infinities use the format\'s words', () => {
  const text = exposition([{ name: 'm', help: '', type: 'gauge', samples: [{ labels: { k: 'a' }, value: NaN }, { labels: { k: 'b' }, value: Infinity }, { labels: { k: 'c' }, value: -Infinity }] }]);
  assert.match(text, /^m\{k="a"\} NaN\nm\{k="b"\} \+Inf\nm\{k="c"\} -Inf\n$/m);
});
