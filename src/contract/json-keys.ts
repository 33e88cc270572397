/**
 * The one key style of every `--json` result of the CLI: snake_case
 * (`cluster_id`, `next_hop`, `link_state`). The MI replies keep OpenSIPS's
 * keys (`Clusters`, `Nodes`, `Tag`, `Up time`), so the CLI turns them into
 * this style in one place; `cl mi` prints a reply unchanged. Documented in
 * docs/cli.md ("JSON output").
 */

/** Keys renamed rather than only re-cased: a sharing tag's `Cluster` is a cluster id. */
const RENAMED: Readonly<Record<string, string>> = { Cluster: 'cluster_id' };

/** Values kept as the node sent them: results of MI commands run on nodes, event params. */
const OPAQUE = new Set(['result', 'params']);

/** `Up time` → `up_time`, `firstHop` → `first_hop`, `Neighbours` → `neighbours`; snake_case stays. */
export function snakeKey(key: string): string {
  if (RENAMED[key] !== undefined) return RENAMED[key];
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toLowerCase();
}

/** A value with every object key in snake_case (arrays and nested objects too, OPAQUE members as they are). */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = snakeKey(k);
    out[key] = OPAQUE.has(key) ? v : snakeKeys(v);
  }
  return out;
}
