import { MiError, RpcCode } from './errors.js';
import { canonicalName, type MethodDef } from './method.js';

/**
 * The table of MI methods a node serves. Names resolve as in OpenSIPS: the
 * flat 3.x name (`clusterer_list`), the 4.x canonical name (`clusterer:list`),
 * or a bare local part (`list`) when exactly one module exports it.
 */
export class MethodRegistry<Ctx> {
  private readonly byName = new Map<string, MethodDef<Ctx>>();
  private readonly byCanonical = new Map<string, MethodDef<Ctx>>();

  register(...defs: MethodDef<Ctx>[]): this {
    for (const def of defs) {
      if (this.byName.has(def.name)) throw new Error(`MI method ${def.name} registered twice`);
      this.byName.set(def.name, def);
      this.byCanonical.set(canonicalName(def), def);
    }
    return this;
  }

  /** Flat names, in registration order (what `which` lists). */
  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Each flat name with the 4.x `module:cmd` name it also answers to, in registration order (what `cl_which` lists). */
  aliases(): { name: string; module_cmd: string }[] {
    return this.all().map((d) => ({ name: d.name, module_cmd: canonicalName(d) }));
  }

  all(): MethodDef<Ctx>[] {
    return [...this.byName.values()];
  }

  resolve(name: string): MethodDef<Ctx> {
    if (name.includes(':')) {
      const def = this.byCanonical.get(name);
      if (def) return def;
      throw notFound(name);
    }
    const direct = this.byName.get(name);
    if (direct) return direct;
    const byShort = this.all().filter((d) => d.short === name);
    if (byShort.length === 1) return byShort[0]!;
    if (byShort.length > 1) {
      throw new MiError(
        RpcCode.METHOD_AMBIGUOUS,
        'Method ambiguous',
        `supported names: ${byShort.map(canonicalName).join(', ')}`,
      );
    }
    throw notFound(name);
  }
}

const notFound = (name: string): MiError => new MiError(RpcCode.METHOD_NOT_FOUND, 'Method not found', undefined, { detail: `no MI method '${name}' on this node ('which' lists them)` });
