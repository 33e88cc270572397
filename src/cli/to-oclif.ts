import { Args, Command, Flags, type Interfaces } from '@oclif/core';
import { parseId } from './common-flags.js';
import type { AnyCommandDef, ArgSpec, FlagSpec, Input } from './definition.js';
import { execute, processIo, reportError } from './execute.js';

type OclifArg = Interfaces.Arg<unknown>;
type OclifFlag = Interfaces.Flag<unknown>;
/** oclif's flag and arg types differ by value type; its tables take them all. */
const arg = (a: unknown): OclifArg => a as OclifArg;
const flag = (f: unknown): OclifFlag => f as OclifFlag;
type Letter = Parameters<typeof Flags.string>[0] extends infer O ? (O extends { char?: infer C } ? C : never) : never;

function oclifArg(name: string, a: ArgSpec): OclifArg {
  const base = { description: a.description, required: a.required === true };
  if (a.type === 'string') return arg(Args.string({ ...base, ...(a.options ? { options: [...a.options] } : {}) }));
  if (a.type === 'integer') return arg(Args.integer({ ...base, ...(a.min !== undefined ? { min: a.min } : {}) }));
  return arg(Args.custom<number>({ ...base, parse: async (word) => parseId(name, word) })());
}

function oclifFlag(f: FlagSpec): OclifFlag {
  const base = { summary: f.summary, ...(f.char ? { char: f.char as Letter } : {}), ...(f.helpGroup ? { helpGroup: f.helpGroup } : {}) };
  if (f.type === 'boolean') return flag(Flags.boolean(base));
  if (f.type === 'integer') return flag(Flags.integer({ ...base, required: f.required === true, ...(f.min !== undefined ? { min: f.min } : {}) }));
  const opts = { ...base, required: f.required === true, ...(f.options ? { options: [...f.options] } : {}), ...(f.env ? { env: f.env } : {}) };
  if (f.multiple) return flag(Flags.string({ ...opts, multiple: true }));
  return flag(Flags.string({ ...opts, ...(f.default !== undefined ? { default: f.default } : {}) }));
}

/** The args and flags of a definition as oclif declares them. */
export const oclifArgs = (def: AnyCommandDef): Record<string, OclifArg> => Object.fromEntries(Object.entries(def.args).map(([n, a]) => [n, oclifArg(n, a)]));
export const oclifFlags = (def: AnyCommandDef): Record<string, OclifFlag> => Object.fromEntries(Object.entries(def.flags).map(([n, f]) => [n, oclifFlag(f)]));

/**
 * The oclif command of a definition: oclif parses (and reports its own usage
 * errors, exit 2), then the definition runs as on the fast path.
 */
export function oclifCommand(def: AnyCommandDef): typeof Command {
  class Derived extends Command {
    static override summary = def.summary;
    static override description = def.description;
    static override examples = def.examples;
    static override args = oclifArgs(def);
    static override flags = oclifFlags(def);
    static override strict = def.variadic !== true;
    static override usage = def.usage;

    async run(): Promise<void> {
      const { args, flags, argv } = await this.parse(Derived);
      const f: Record<string, unknown> = { ...flags };
      for (const [name, spec] of Object.entries(def.flags)) if (spec.type === 'boolean') f[name] = f[name] === true;
      const rest = def.variadic ? (argv as string[]).slice(Object.keys(def.args).length) : [];
      const code = await execute(def, { args, flags: f, rest } as Input<AnyCommandDef['args'], AnyCommandDef['flags']>);
      if (code !== 0) this.exit(code);
    }

    protected override async catch(err: Error & { oclif?: { exit?: number } }): Promise<unknown> {
      // oclif's own parse errors and exits (exit 2 for usage); the rest (a bad id argument) is reported as on the fast path.
      if (err.oclif?.exit !== undefined) return super.catch(err);
      this.exit(reportError(err, this.argv.includes('--json'), processIo()));
    }
  }
  return Derived;
}
