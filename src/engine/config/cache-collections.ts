import { ConfigValueError } from './errors.js';
import { show } from './values.js';

/** One collection of `cache_collections`: its name and whether it replicates (`/r`). */
export interface CollectionSpec {
  name: string;
  replicated: boolean;
}

/** The collection every cachedb_local instance has (OpenSIPS creates it when it is not listed). */
export const DEFAULT_COLLECTION = 'default';

/** `cache_collections` when nothing is configured: one replicated collection, `default`. */
export const DEFAULT_COLLECTIONS: readonly CollectionSpec[] = Object.freeze([{ name: DEFAULT_COLLECTION, replicated: true }]);

/** Names are words: no separator of the parameter (`;`, `/`, `=`), no space, at most 255 bytes. */
const NAME_RE = /^[^\s;/=]+$/;
const MAX_NAME_BYTES = 255;
/** OpenSIPS takes the hash size as a power of two: `name=4` is 2^4 buckets. */
const MAX_HASH_POWER = 30;

/**
 * Parses cachedb_local's `cache_collections`: `name[=hash_size][/r]` items
 * separated by `;`, whitespace around each part ignored (`"default/r;
 * sessions/r"`). `/r` marks a replicated collection; the hash size of
 * OpenSIPS is accepted and has no effect here. `default` is added (not
 * replicated) when it is not listed, as OpenSIPS does. Throws a
 * ConfigValueError naming every bad item.
 */
export function parseCacheCollections(text: unknown): CollectionSpec[] {
  if (typeof text !== 'string') throw new ConfigValueError([`expected a string such as "default/r; sessions/r", got ${show(text)}`]);
  const problems: string[] = [];
  const out: CollectionSpec[] = [];
  const items = text.split(';');
  items.forEach((raw, i) => {
    const item = raw.trim();
    const where = `item ${i + 1} (${JSON.stringify(item)})`;
    if (item === '') {
      // A trailing `;` is harmless; an empty item between two others is a typo.
      if (i < items.length - 1 || items.length === 1) problems.push(`item ${i + 1} is empty (expected a collection name such as "default/r")`);
      return;
    }
    const slash = item.indexOf('/');
    const head = (slash < 0 ? item : item.slice(0, slash)).trim();
    const suffix = slash < 0 ? undefined : item.slice(slash + 1).trim();
    if (suffix !== undefined && suffix !== 'r') {
      problems.push(`${where}: bad suffix "/${suffix}" (the only suffix is "/r": replicated)`);
      return;
    }
    const eq = head.indexOf('=');
    const name = (eq < 0 ? head : head.slice(0, eq)).trim();
    if (eq >= 0) {
      const size = head.slice(eq + 1).trim();
      if (!/^\d+$/.test(size) || Number(size) > MAX_HASH_POWER) problems.push(`${where}: bad hash size "${size}" (a power of two exponent, 0..${MAX_HASH_POWER})`);
    }
    if (name === '') problems.push(`${where}: empty collection name`);
    else if (!NAME_RE.test(name)) problems.push(`${where}: bad collection name "${name}" (no spaces, ';', '/' or '=')`);
    else if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) problems.push(`${where}: collection name longer than ${MAX_NAME_BYTES} bytes`);
    else if (out.some((c) => c.name === name)) problems.push(`${where}: collection "${name}" is defined more than once`);
    else out.push({ name, replicated: suffix === 'r' });
  });
  if (problems.length > 0) throw new ConfigValueError(problems);
  if (!out.some((c) => c.name === DEFAULT_COLLECTION)) out.unshift({ name: DEFAULT_COLLECTION, replicated: false });
  return out;
}

/** The `cache_collections` text of a list (inverse of parseCacheCollections, hash sizes dropped). */
export function formatCacheCollections(cols: readonly CollectionSpec[]): string {
  return cols.map((c) => `${c.name}${c.replicated ? '/r' : ''}`).join('; ');
}
