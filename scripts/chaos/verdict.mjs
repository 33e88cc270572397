// The verdict of a chaos run (pure): compares what every live node holds
// once the cluster settled with what the writer was told was stored.
//
// A view is { node, topology, keys, tags }:
//   topology: the edges the node sees Up, as strings "a-b" (a < b), any order;
//   keys:     { key: value } of the replicated collection;
//   tags:     { tag: 'active' | 'backup' }.
// acknowledged: [{ key, value }] the writer got a confirmed answer for.

const sorted = (xs) => [...xs].sort();
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

/** At most `n` items of a list, and how many more. */
function some(list, n = 5) {
  return list.length <= n ? list.join(', ') : `${list.slice(0, n).join(', ')} and ${list.length - n} more`;
}

/**
 * Returns { ok, lost, problems, line }: `lost` counts acknowledged writes
 * missing (or with another value) on at least one live node; `problems`
 * says what differs, one sentence each; `line` is the final line.
 */
export function verdict({ views, acknowledged, faults, tagNames = [] }) {
  const problems = [];
  if (views.length === 0) problems.push('no live node to compare');
  // Topology: every node sees the same edges.
  const tops = views.map((v) => sorted(v.topology).join(' '));
  const topologyAgreed = tops.every((t) => t === tops[0]);
  if (!topologyAgreed) problems.push(`topology differs: ${views.map((v, i) => `node ${v.node} sees [${tops[i]}]`).join('; ')}`);
  // Keys: every node holds the same keys with the same values.
  const first = views[0];
  if (first) {
    const ref = sorted(Object.keys(first.keys));
    for (const v of views.slice(1)) {
      const mine = sorted(Object.keys(v.keys));
      if (!same(mine, ref)) {
        const missing = ref.filter((k) => !(k in v.keys));
        const extra = mine.filter((k) => !(k in first.keys));
        problems.push(`node ${v.node} and node ${first.node} hold different keys (node ${v.node} lacks ${missing.length}${missing.length ? `: ${some(missing)}` : ''}; has ${extra.length} node ${first.node} lacks${extra.length ? `: ${some(extra)}` : ''})`);
      } else {
        const differ = ref.filter((k) => v.keys[k] !== first.keys[k]);
        if (differ.length > 0) problems.push(`node ${v.node} and node ${first.node} hold different values for ${differ.length} keys: ${some(differ)}`);
      }
    }
  }
  // Acknowledged writes: on every live node, with the value written.
  const lostKeys = acknowledged.filter((w) => views.some((v) => v.keys[w.key] !== w.value)).map((w) => w.key);
  if (lostKeys.length > 0) problems.push(`${lostKeys.length} acknowledged writes lost on some node: ${some(lostKeys)}`);
  // Sharing tags: exactly one live node holds each active.
  const names = sorted(new Set([...tagNames, ...views.flatMap((v) => Object.keys(v.tags))]));
  let tagsOk = names.length > 0 || views.length === 0;
  for (const t of names) {
    const holders = views.filter((v) => v.tags[t] === 'active').map((v) => v.node);
    if (holders.length !== 1) {
      tagsOk = false;
      problems.push(`sharing tag ${t} is active on ${holders.length === 0 ? 'no node' : `nodes ${holders.join(', ')}`}`);
    }
  }
  const ok = problems.length === 0;
  const head = `chaos: ${faults} faults, ${acknowledged.length} writes acknowledged, ${lostKeys.length} lost`;
  const line = ok
    ? `${head}, topology agreed, 1 active per tag`
    : `${head}, ${topologyAgreed ? 'topology agreed' : 'topology differs'}, ${tagsOk ? '1 active per tag' : 'sharing tags not 1 active each'}, FAILED`;
  return { ok, lost: lostKeys.length, problems, line };
}
