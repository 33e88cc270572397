import { DEFAULT_COLLECTION, DEFAULT_COLLECTIONS, parseCacheCollections, type CollectionSpec } from '../config/index.js';
import { KvCode, KvError } from './errors.js';

// The parser lives in the configuration layer (the foundation), which checks
// `cachedb_local.cache_collections` when a file is loaded and cannot import
// this layer; it is re-exported here for the store's users.
export { parseCacheCollections, DEFAULT_COLLECTION, DEFAULT_COLLECTIONS, type CollectionSpec };

/** The collections of a store, by name, and which of them replicate. */
export class Collections {
  private readonly byName: ReadonlyMap<string, CollectionSpec>;

  constructor(specs: readonly CollectionSpec[] = DEFAULT_COLLECTIONS) {
    const m = new Map<string, CollectionSpec>();
    for (const s of specs) {
      if (m.has(s.name)) throw new KvError(KvCode.BAD_VALUE, `collection "${s.name}" is defined more than once`);
      m.set(s.name, { name: s.name, replicated: s.replicated });
    }
    if (m.size === 0) throw new KvError(KvCode.BAD_VALUE, 'no collection defined');
    this.byName = m;
  }

  /** Names in configuration order. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Whether changes of the collection replicate; false for an unknown one. */
  isReplicated(name: string): boolean {
    return this.byName.get(name)?.replicated === true;
  }

  /** The collection `name`, or a KvError naming the known ones. */
  get(name: string): CollectionSpec {
    const c = this.byName.get(name);
    if (!c) throw unknownCollection(name, this.names());
    return c;
  }

  specs(): CollectionSpec[] {
    return [...this.byName.values()].map((c) => ({ ...c }));
  }
}

export function unknownCollection(name: string, known: readonly string[]): KvError {
  return new KvError(KvCode.UNKNOWN_COLLECTION, `unknown collection "${name}" (known: ${known.join(', ')})`);
}
