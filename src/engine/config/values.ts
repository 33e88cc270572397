/**
 * Coercion helpers shared by the config parsers. Each returns either a value or
 * a human-readable reason, so callers can collect every problem.
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = <T>(message: string): Checked<T> => ({ ok: false, message });

/** OpenSIPS stores these parameters in a C int. */
export const INT_MAX = 2 ** 31 - 1;

/** Short rendering of an offending value for messages. */
export function show(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An integer given as a YAML number or as a decimal string such as "4". */
export function toInt(v: unknown, min: number, max: number = INT_MAX): Checked<number> {
  let n: number | undefined;
  if (typeof v === 'number' && Number.isInteger(v)) n = v;
  else if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) n = Number(v.trim());
  if (n === undefined) return fail(`must be an integer, got ${show(v)}`);
  if (n < min) return fail(min === 1 ? `must be greater than 0, got ${n}` : `must be at least ${min}, got ${n}`);
  if (n > max) return fail(`must be at most ${max}, got ${n}`);
  return ok(n);
}

/** OpenSIPS "integer used as a boolean" parameters: accept 0/1/true/false (also as strings). */
export function toBoolInt(v: unknown): Checked<boolean> {
  if (v === true || v === 1 || v === '1' || v === 'true') return ok(true);
  if (v === false || v === 0 || v === '0' || v === 'false') return ok(false);
  return fail(`must be 0, 1, true or false, got ${show(v)}`);
}

export function toNonEmptyString(v: unknown): Checked<string> {
  if (typeof v !== 'string') return fail(`must be a string, got ${show(v)}`);
  const s = v.trim();
  return s === '' ? fail('must not be empty') : ok(s);
}

/** A scalar or a list of scalars/mappings: repeatable parameters (`sharing_tag`, `*_node_info`, `socket`). */
export function toList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a small edit distance, if any. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}
