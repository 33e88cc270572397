import { ClientError } from '../client/errors.js';
import { METHODS, type MethodSpec } from '../contract/index.js';

/** Parameters of one MI call built from command-line words. */
export type MiParams = unknown[] | Record<string, unknown> | undefined;

const NAMED = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
const INTEGER = /^-?\d+$/;

/**
 * One word → one JSON value. Integers are sent as numbers: OpenSIPS MI
 * accepts a number for a string parameter too, so this is safe either way.
 * A word that is a JSON array or object is sent as that value (for array
 * params such as `cmd_params`); everything else is a string.
 */
export function miValue(word: string): unknown {
  if (INTEGER.test(word) && Number.isSafeInteger(Number(word))) return Number(word);
  if (word.startsWith('[') || word.startsWith('{')) {
    try {
      return JSON.parse(word) as unknown;
    } catch {
      return word;
    }
  }
  return word;
}

/**
 * Positional words (`cl mi clusterer_set_status 1 2 0`) become a JSON
 * array; `name=value` words (`cl mi clusterer_set_status cluster_id=1 status=0`)
 * become a named object. Mixing both is refused.
 */
export function miParams(words: string[]): MiParams {
  if (words.length === 0) return undefined;
  const named = words.map((w) => NAMED.exec(w));
  if (named.every((m) => m !== null)) {
    const out: Record<string, unknown> = {};
    for (const m of named) out[m![1]!] = miValue(m![2]!);
    return out;
  }
  if (named.some((m) => m !== null) && words.length > 1) {
    throw new ClientError('CL_ERR_USAGE', 'use either positional params or name=value params, not both (quote a positional value containing "=" as JSON, e.g. \'"a=b"\')');
  }
  return words.map((w) => (w.length > 1 && w.startsWith('"') && w.endsWith('"') ? (JSON.parse(w) as unknown) : miValue(w)));
}

/** A method's parameter sets by its 3.x name or its 4.x `module:cmd` name; undefined for a method the contract does not know. */
export function specOf(method: string): MethodSpec | undefined {
  const all = METHODS as Readonly<Record<string, MethodSpec>>;
  if (Object.hasOwn(all, method)) return all[method];
  return Object.values(all).find((m) => `${m.module}:${m.short}` === method);
}

/**
 * opensips-cli's habit: trailing positional words fold into the method's
 * array parameter (`cl mi get_statistics clusterer: sync:` sends
 * `[["clusterer:", "sync:"]]`), unless a parameter set takes exactly that
 * many words or the last word already is a JSON array. Methods the
 * contract does not know (OpenSIPS's others) are sent as they are.
 */
export function foldArrayParams(method: string, params: MiParams): MiParams {
  if (!Array.isArray(params) || params.length === 0) return params;
  const sets = specOf(method)?.paramSets;
  if (!sets) return params;
  const n = params.length;
  if (sets.some((set) => set.length === n && set[n - 1]?.type !== 'array')) return params;
  const arraySets = sets.filter((set) => set.length > 0 && set.length <= n && set[set.length - 1]!.type === 'array');
  if (arraySets.length === 0) return params;
  const k = Math.max(...arraySets.map((set) => set.length));
  if (k === n && Array.isArray(params[n - 1])) return params;
  return [...params.slice(0, k - 1), params.slice(k - 1).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))];
}
