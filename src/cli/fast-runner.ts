import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ClientError } from '../client/errors.js';
import { parseId } from './common-flags.js';
import type { AnyCommandDef, ArgSpec, FlagSpec, Input } from './definition.js';
import { execute, processIo, reportError } from './execute.js';
import { commandWords } from './usage.js';

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

/** A usage error of one command: exit 2, and where its help is. */
function usage(def: AnyCommandDef, what: string): ClientError {
  return new ClientError('CL_ERR_USAGE', `${what} (see 'cl ${commandWords(def.id)} --help')`);
}

function checkFlag(def: AnyCommandDef, name: string, f: FlagSpec, raw: string | boolean | (string | boolean)[] | undefined): unknown {
  if (f.type === 'boolean') return raw === true;
  let v = raw;
  if (v === undefined && f.type === 'string' && f.env) v = process.env[f.env] || undefined;
  if (v === undefined && f.type === 'string' && f.default !== undefined) v = f.default;
  if (v === undefined) {
    if (f.required) throw usage(def, `missing required flag --${name}`);
    return undefined;
  }
  if (f.type === 'integer') {
    if (typeof v !== 'string' || !INTEGER.test(v)) throw usage(def, `bad --${name} '${String(v)}': expected an integer`);
    if (f.min !== undefined && Number(v) < f.min) throw usage(def, `bad --${name} '${v}': expected an integer of at least ${f.min}`);
    return Number(v);
  }
  const values = Array.isArray(v) ? v : [v];
  const off = f.options ? values.find((x) => typeof x !== 'string' || !f.options!.includes(x)) : undefined;
  if (off !== undefined) throw usage(def, `bad --${name} '${String(off)}': expected one of ${f.options!.join(', ')}`);
  return v;
}

function checkArg(def: AnyCommandDef, name: string, a: ArgSpec, word: string | undefined): unknown {
  const NAME = name.toUpperCase();
  if (word === undefined) {
    if (a.required) throw usage(def, `missing ${NAME} (${a.description.replace(/\.$/, '')})`);
    return undefined;
  }
  if (a.type === 'string') {
    if (a.options && !a.options.includes(word)) throw usage(def, `bad ${NAME} '${word}': expected ${a.options.join(' or ')} (${a.description.replace(/\.$/, '')})`);
    return word;
  }
  if (a.type === 'integer') {
    if (INTEGER.test(word) && (a.min === undefined || Number(word) >= a.min)) return Number(word);
    throw usage(def, `bad ${NAME} '${word}': expected an integer${a.min !== undefined ? ` of at least ${a.min}` : ''}`);
  }
  return parseId(name, word);
}

/** parseArgs' own error as one line naming the flag. */
function parseArgsMessage(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const flag = /'(-[^' ]+)/.exec(e.message ?? '')?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag ?? ''}`.trim();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `flag ${flag ?? ''} needs a value`.replace('  ', ' ');
    default:
      return e.message ?? String(err);
  }
}

const NEGATIVE = /^-\d+(\.\d+)?$/;
/** Marks a negative number through parseArgs (a word cannot start with a NUL on a command line). */
const NEG_MARK = '\u0000';

/**
 * The input of a command from its words, checked as its specs say; a
 * CL_ERR_USAGE error (exit 2) naming what is wrong otherwise.
 */
export function parseInput(def: AnyCommandDef, argv: string[]): AnyInput {
  let parsed;
  // A negative number (`cl kv add hits -3`) is a word, not a flag: no flag is a digit. After `--` every word is one anyway.
  const end = argv.indexOf('--');
  const marked = argv.map((a, i) => ((end < 0 || i < end) && NEGATIVE.test(a) ? `${NEG_MARK}${a}` : a));
  try {
    parsed = parseArgs({ args: marked, options: fastOptions(def), allowPositionals: true, strict: true });
  } catch (err) {
    throw usage(def, parseArgsMessage(err));
  }
  parsed.positionals = parsed.positionals.map((w) => (w.startsWith(NEG_MARK) ? w.slice(NEG_MARK.length) : w));
  const flags: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(def.flags)) flags[name] = checkFlag(def, name, f, parsed.values[name]);
  const names = Object.keys(def.args);
  const words = parsed.positionals;
  if (!def.variadic && words.length > names.length) {
    throw usage(def, `unexpected argument '${words[names.length]}'${names.length ? ` after ${names.map((n) => n.toUpperCase()).join(' ')}` : ''}`);
  }
  const args: Record<string, unknown> = {};
  let w = 0;
  for (const [i, name] of names.entries()) {
    const spec = def.args[name]!;
    // An optional arg before required ones takes a word only when enough are left for them (`CLUSTER [NODE] STATUS`).
    const requiredAfter = names.slice(i + 1).filter((n) => def.args[n]!.required).length;
    const skip = !spec.required && words.length - w <= requiredAfter;
    args[name] = checkArg(def, name, spec, skip ? undefined : words[w]);
    if (!skip && words[w] !== undefined) w++;
  }
  if (!def.variadic && w < words.length) throw usage(def, `unexpected argument '${words[w]}'`);
  return { args, flags, rest: def.variadic ? words.slice(w) : [] } as AnyInput;
}

/** The input, or null when the words do not parse (see parseInput for why). */
export function parseFast(def: AnyCommandDef, argv: string[]): AnyInput | null {
  try {
    return parseInput(def, argv);
  } catch {
    return null;
  }
}

/** Runs a command without oclif; a usage error is reported like any other error (JSON with --json, exit 2). */
export async function runFast(def: AnyCommandDef, argv: string[]): Promise<number> {
  let input: AnyInput;
  try {
    input = parseInput(def, argv);
  } catch (err) {
    return reportError(err, argv.includes('--json'), processIo());
  }
  return execute(def, input);
}
