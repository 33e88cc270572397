import { METHODS, type BoundParams, type MethodName, type ParamSpec, type ResultOf, type SetsOf } from '../../contract/index.js';
import { MiError, RpcCode, invalidParams } from './errors.js';

export type { ParamSpec, ParamType } from '../../contract/index.js';

/** Parameters after validation: int → number, string → string, array → string[], params → array or object. */
export type Params = Record<string, number | string | string[] | unknown[] | { [name: string]: unknown }>;

export interface MethodDef<Ctx = unknown> {
  /** Flat (OpenSIPS 3.x) name, e.g. `clusterer_list`. */
  name: string;
  /** Module that exports it; `<module>:<short>` is accepted as the 4.x canonical name. */
  module: string;
  /** Local part of the 4.x canonical name, e.g. `list` for `clusterer:list`. */
  short: string;
  help: string;
  /** Accepted parameter sets; `[[]]` for a method without parameters. */
  paramSets: readonly (readonly ParamSpec[])[];
  handler(params: Params, ctx: Ctx): unknown | Promise<unknown>;
}

/** A handler of a method of the contract: its params and result typed by src/contract. */
export type Handler<M extends MethodName, Ctx> = (params: BoundParams<SetsOf<M>>, ctx: Ctx) => ResultOf<M> | Promise<ResultOf<M>>;

/**
 * `implement(name, handler)` for the methods of one context: the names and
 * parameter sets come from the contract (src/contract/methods.ts), which
 * the client's calls are typed by too.
 */
export function methodsFor<Ctx>(): <M extends MethodName>(name: M, handler: Handler<M, Ctx>) => MethodDef<Ctx> {
  return (name, handler) => ({ name, ...METHODS[name], handler: handler as MethodDef<Ctx>['handler'] });
}

export const canonicalName = (m: { module: string; short: string }): string => `${m.module}:${m.short}`;

function coerce(spec: ParamSpec, value: unknown): Params[string] {
  const bad = (): MiError => invalidParams(`Bad type for parameter '${spec.name}'`);
  switch (spec.type) {
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
      throw bad();
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      throw bad();
    case 'array':
      if (!Array.isArray(value)) throw bad();
      return value.map((item) => {
        if (typeof item === 'string') return item;
        if (typeof item === 'number') return String(item);
        throw invalidParams(`Bad type for array item in parameter '${spec.name}'`);
      });
    case 'params':
      if (typeof value !== 'object' || value === null) throw bad();
      return value as unknown[] | { [name: string]: unknown };
  }
}

/**
 * Matches request params against a method's parameter sets the way OpenSIPS
 * does: positional params must have exactly as many items as one set, named
 * params exactly the names of one set.
 */
export function bindParams(def: Pick<MethodDef, 'paramSets'>, raw: unknown): Params {
  const empty =
    raw === undefined ||
    raw === null ||
    (Array.isArray(raw) && raw.length === 0) ||
    (typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw as object).length === 0);
  if (empty) {
    if (def.paramSets.some((s) => s.length === 0)) return {};
    throw invalidParams('Too few or too many parameters');
  }
  if (Array.isArray(raw)) {
    const sets = def.paramSets.filter((s) => s.length === raw.length);
    if (sets.length === 0) throw invalidParams('Too few or too many parameters');
    if (sets.length > 1) throw invalidParams('Ambiguous call, use named parameters instead');
    const set = sets[0]!;
    const out: Params = {};
    set.forEach((spec, i) => (out[spec.name] = coerce(spec, raw[i])));
    return out;
  }
  if (typeof raw !== 'object') throw new MiError(RpcCode.INVALID_REQUEST, 'Invalid Request');
  const given = raw as Record<string, unknown>;
  const names = Object.keys(given);
  const set = def.paramSets.find((s) => s.length === names.length && s.every((p) => p.name in given));
  if (!set) throw invalidParams('Too few or too many parameters');
  const out: Params = {};
  for (const spec of set) out[spec.name] = coerce(spec, given[spec.name]);
  return out;
}
