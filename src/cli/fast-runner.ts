import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseId } from './common-flags.js';
import type { AnyCommandDef, ArgSpec, FlagSpec, Input } from './definition.js';
import { execute } from './execute.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type AnyInput = Input<AnyCommandDef['args'], AnyCommandDef['flags']>;

/** The `node:util` parseArgs options of a definition's flags (values are checked afterwards, by checkFlag). */
export function fastOptions(def: AnyCommandDef): Options {
  const out: Options = {};
  for (const [name, f] of Object.entries(def.flags)) {
    out[name] = {
      type: f.type === 'boolean' ? 'boolean' : 'string',
      ...(f.char ? { short: f.char } : {}),
      ...(f.type === 'string' && f.multiple ? { multiple: true } : {}),
    };
  }
  return out;
}

const INTEGER = /^-?\d+$/;
/** Not for the fast runner: the full command reports it (its messages, exit 2). */
const REFUSED = Symbol('refused');

function checkFlag(f: FlagSpec, raw: string | boolean | (string | boolean)[] | undefined): unknown {
  if (f.type === 'boolean') return raw === true;
  let v = raw;
  if (v === undefined && f.type === 'string' && f.env) v = process.env[f.env] || undefined;
  if (v === undefined && f.type === 'string' && f.default !== undefined) v = f.default;
  if (v === undefined) return f.required ? REFUSED : undefined;
  if (f.type === 'integer') {
    if (typeof v !== 'string' || !INTEGER.test(v) || (f.min !== undefined && Number(v) < f.min)) return REFUSED;
    return Number(v);
  }
  const values = Array.isArray(v) ? v : [v];
  if (f.options && !values.every((x) => typeof x === 'string' && f.options!.includes(x))) return REFUSED;
  return v;
}

function checkArg(name: string, a: ArgSpec, word: string | undefined): unknown {
  if (word === undefined) return a.required ? REFUSED : undefined;
  if (a.type === 'string') return a.options && !a.options.includes(word) ? REFUSED : word;
  if (a.type === 'integer') return INTEGER.test(word) && (a.min === undefined || Number(word) >= a.min) ? Number(word) : REFUSED;
  try {
    return parseId(name, word);
  } catch {
    return REFUSED;
  }
}

/**
 * The input of a command from its words, checked as oclif checks them, or
 * null when anything is off (unknown flag, missing or bad value): the full
 * command then reports it with oclif's messages.
 */
export function parseFast(def: AnyCommandDef, argv: string[]): AnyInput | null {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: fastOptions(def), allowPositionals: true, strict: true });
  } catch {
    return null;
  }
  const flags: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(def.flags)) {
    const v = checkFlag(f, parsed.values[name]);
    if (v === REFUSED) return null;
    flags[name] = v;
  }
  const names = Object.keys(def.args);
  const words = parsed.positionals;
  if (!def.variadic && words.length > names.length) return null;
  const args: Record<string, unknown> = {};
  for (const [i, name] of names.entries()) {
    const v = checkArg(name, def.args[name]!, words[i]);
    if (v === REFUSED) return null;
    args[name] = v;
  }
  return { args, flags, rest: def.variadic ? words.slice(names.length) : [] } as AnyInput;
}

/** Runs a command without oclif; null when its words need the full command. */
export async function runFast(def: AnyCommandDef, argv: string[]): Promise<number | null> {
  const input = parseFast(def, argv);
  return input === null ? null : execute(def, input);
}

