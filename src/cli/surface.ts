import type { AnyCommandDef } from './definition.js';

/** One command as scripts see it: what may be passed, and what must be. */
export interface CommandSurface {
  id: string;
  args: { name: string; type: string; required: boolean }[];
  variadic: boolean;
  flags: { name: string; type: string; char: string | null; multiple: boolean; required: boolean; default: string | null }[];
}

/** The command surface of some definitions, in a stable order (ids, then flag names). */
export function commandSurface(defs: readonly AnyCommandDef[]): CommandSurface[] {
  return [...defs]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((d) => ({
      id: d.id,
      args: Object.entries(d.args).map(([name, a]) => ({ name, type: a.type, required: a.required === true })),
      variadic: d.variadic === true,
      flags: Object.entries(d.flags)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, f]) => ({
          name,
          type: f.type,
          char: f.char ?? null,
          multiple: f.type === 'string' && f.multiple === true,
          required: f.type !== 'boolean' && f.required === true,
          default: f.type === 'string' && f.default !== undefined ? f.default : null,
        })),
    }));
}
