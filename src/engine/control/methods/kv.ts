import { KV_LIST_DEFAULT_LIMIT, KV_LIST_MAX_LIMIT, type KvRow } from '../../../contract/index.js';
import { DEFAULT_COLLECTION, KvCode, KvError, type KvPutEntry, type KvStore } from '../../kv/index.js';
import type { ConfirmedPut } from '../../kv/replication.js';
import { MiError, invalidParams } from '../errors.js';
import { methodsFor, type MethodDef } from '../method.js';

/** What the key-value MI methods need from the node. */
export interface KvCtx {
  kv: KvStore;
  /** A write confirmed by other nodes (the store's replication); absent: only `replicated` 0 works. */
  kvConfirmed?: (p: ConfirmedPut) => Promise<number[]>;
}

/** How long `cl_kv_put` waits for its confirmations by default, ms. */
export const KV_CONFIRM_DEFAULT_MS = 2000;

type Def = MethodDef<KvCtx>;
const implement = methodsFor<KvCtx>();

/** The cachedb engine name of the store, as OpenSIPS scripts and MI name it. */
export const KV_SYSTEM = 'local';

/**
 * The collection a `system` names: `local` is the default collection;
 * `local:<name>` the collection <name> (in OpenSIPS the part after `:` is a
 * cachedb_url group, which points to a collection; here group and
 * collection are one name).
 */
export function collectionOf(system: string): string {
  if (system === KV_SYSTEM) return DEFAULT_COLLECTION;
  if (system.startsWith(`${KV_SYSTEM}:`) && system.length > KV_SYSTEM.length + 1) return system.slice(KV_SYSTEM.length + 1);
  throw new KvError(KvCode.BAD_VALUE, `unknown cache system "${system}" (this node serves "${KV_SYSTEM}" and "${KV_SYSTEM}:<collection>")`);
}

/** Runs `fn`; a store error becomes OpenSIPS's MI error `code message` with our code and why in `data`. */
function orFail<T>(code: number, message: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof KvError) throw new MiError(code, message, `${err.code}: ${err.message}`, { cause: err, code: err.code });
    throw err;
  }
}

/** A store error of our own methods: 404 for an unknown collection, 400 otherwise; the message names the thing. */
function ourError(err: unknown): unknown {
  if (!(err instanceof KvError)) return err;
  return new MiError(err.code === KvCode.UNKNOWN_COLLECTION ? 404 : 400, err.message, undefined, { cause: err, code: err.code });
}

function nonEmpty(v: string, what: string): string {
  if (v.length === 0) throw invalidParams(what);
  return v;
}

const PUT_PROPS = new Set(['key', 'value', 'ttl', 'collection']);

/** `cl_kv_put_many` entries: checked here for shape, by the store for content. */
function readEntries(raw: unknown): KvPutEntry[] {
  if (!Array.isArray(raw)) throw invalidParams("'entries' must be an array of {key, value, ttl?, collection?}");
  return raw.map((e: unknown, i) => {
    const bad = (why: string): MiError => new MiError(400, `entry ${i}: ${why}`, undefined, { code: KvCode.BAD_VALUE });
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw bad('expected an object {key, value, ttl?, collection?}');
    const o = e as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!PUT_PROPS.has(k)) throw bad(`unknown property '${k}' (known: key, value, ttl, collection)`);
    if (typeof o.key !== 'string') throw bad("'key' must be a string");
    if (typeof o.value !== 'string') throw bad("'value' must be a string");
    if (o.collection !== undefined && typeof o.collection !== 'string') throw bad("'collection' must be a string");
    if (o.ttl !== undefined && typeof o.ttl !== 'number') throw bad("'ttl' must be a number of seconds");
    return { key: o.key, value: o.value, ...(o.collection !== undefined ? { collection: o.collection as string } : {}), ...(o.ttl !== undefined ? { ttlSec: o.ttl as number } : {}) };
  });
}

export const kvMethods: Def[] = [
  implement('cache_store', (p, ctx) => {
    const system = nonEmpty(p.system, 'Empty memory cache id');
    const attr = nonEmpty(p.attr, 'Empty attribute name');
    const value = nonEmpty(p.value, 'Empty value');
    if (p.expire !== undefined && p.expire < 0) throw invalidParams('Negative expire value');
    orFail(500, 'Cache store command failed', () => ctx.kv.put(collectionOf(system), attr, value, p.expire ?? 0));
    return 'OK';
  }),
  implement('cache_fetch', (p, ctx) => {
    const system = nonEmpty(p.system, 'Empty memory cache id');
    const attr = nonEmpty(p.attr, 'Empty attribute name');
    const e = orFail(500, 'Cache fetch command failed', () => ctx.kv.get(collectionOf(system), attr));
    // OpenSIPS answers an empty value as not found too.
    if (e === undefined || e.value === '') throw new MiError(400, 'Value not found', undefined, { code: KvCode.NOT_FOUND });
    return { key: attr, value: e.value };
  }),
  implement('cache_remove', (p, ctx) => {
    const system = nonEmpty(p.system, 'Empty memory cache id');
    const attr = nonEmpty(p.attr, 'Empty attribute name');
    orFail(500, 'Cache remove command failed', () => ctx.kv.del(collectionOf(system), attr));
    return 'OK';
  }),
  implement('cache_remove_chunk', (p, ctx) => {
    orFail(500, 'Internal error', () => ctx.kv.removeMatching(p.collection ?? DEFAULT_COLLECTION, p.glob));
    return 'OK';
  }),
  implement('cl_kv_put', async (p, ctx) => {
    const key = nonEmpty(p.key, 'Empty attribute name');
    const collection = p.collection ?? DEFAULT_COLLECTION;
    const replicas = p.replicated ?? 0;
    const timeoutMs = p.timeout ?? KV_CONFIRM_DEFAULT_MS;
    try {
      if (replicas === 0 && p.timeout === undefined) {
        ctx.kv.put(collection, key, p.value, p.ttl);
        return { key, confirmed: [] };
      }
      if (!ctx.kvConfirmed) throw new KvError(KvCode.NOT_CONFIRMED, 'this node cannot wait for confirmations');
      const confirmed = await ctx.kvConfirmed({ collection, key, value: p.value, replicas, timeoutMs, ...(p.ttl !== undefined ? { ttlSec: p.ttl } : {}) });
      return { key, confirmed };
    } catch (err) {
      if (err instanceof KvError && err.code === KvCode.NOT_CONFIRMED) throw new MiError(504, err.message, undefined, { cause: err, code: err.code });
      throw ourError(err);
    }
  }),
  implement('cl_kv_put_many', (p, ctx) => {
    const entries = readEntries(p.entries);
    try {
      return { stored: ctx.kv.putMany(entries) };
    } catch (err) {
      throw ourError(err);
    }
  }),
  implement('cl_kv_add', (p, ctx) => {
    const key = nonEmpty(p.key, 'Empty attribute name');
    try {
      return { key, value: ctx.kv.add(p.collection ?? DEFAULT_COLLECTION, key, p.delta, p.ttl) };
    } catch (err) {
      throw ourError(err);
    }
  }),
  implement('cl_kv_list', (p, ctx) => {
    const limit = p.limit ?? KV_LIST_DEFAULT_LIMIT;
    if (limit < 1 || limit > KV_LIST_MAX_LIMIT) throw invalidParams(`'limit' must be in 1..${KV_LIST_MAX_LIMIT}`);
    try {
      return ctx.kv
        .list({ ...(p.collection !== undefined ? { collection: p.collection } : {}), ...(p.prefix !== undefined ? { prefix: p.prefix } : {}), limit })
        .map((e): KvRow => ({ key: e.key, value: e.value, expires: e.expiresAt }));
    } catch (err) {
      throw ourError(err);
    }
  }),
];
