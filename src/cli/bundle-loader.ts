import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** A loaded CommonJS bundle and the compiled script, whose code cache can be written after a warm-up. */
export interface LoadedBundle {
  exports: Record<string, unknown>;
  script: Script;
  /** The bundle's build id (its last line), null when it has none. */
  buildId: string | null;
  /** True when a code cache for this very build was there and V8 took it. */
  cacheUsed: boolean;
}

/** The code cache file of a bundle. */
export const cacheFileOf = (bundlePath: string): string => `${bundlePath}.cache`;

/** The id scripts/bundle.mjs writes as a bundle's last line. */
export const buildIdOf = (source: string): string | null => /\/\/# cl-build-id (\S+)\s*$/.exec(source.slice(-100))?.[1] ?? null;

/**
 * Runs a CommonJS bundle (scripts/bundle.mjs) with V8's code cache when
 * `<bundle>.cache` was made for this very build: the functions a node runs
 * while it starts and joins then come compiled, which takes tens of
 * milliseconds off a start. V8 itself checks only the length of the source,
 * so the cache starts with the bundle's build id and is ignored unless the id
 * matches; V8 still refuses a cache of another V8 version or other flags, and
 * then compiles as usual.
 */
export function loadBundle(bundlePath: string, opts: { useCache?: boolean } = {}): LoadedBundle {
  const source = readFileSync(bundlePath, 'utf8');
  const buildId = buildIdOf(source);
  const cachedData = buildId !== null && opts.useCache !== false ? readCache(cacheFileOf(bundlePath), buildId) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundlePath,
    cachedData,
  });
  const run = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
  const module = { exports: {} as Record<string, unknown> };
  run(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  return { exports: module.exports, script, buildId, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** Writes the code cache of a loaded bundle (best after running what should come compiled). */
export function writeCache(bundlePath: string, b: LoadedBundle): number {
  if (b.buildId === null) throw new Error(`${bundlePath} has no build id line`);
  const data = Buffer.concat([Buffer.from(`${b.buildId}\n`), b.script.createCachedData()]);
  writeFileSync(cacheFileOf(bundlePath), data);
  return data.length;
}

function readCache(file: string, buildId: string): Buffer | undefined {
  if (!existsSync(file)) return undefined;
  const data = readFileSync(file);
  const header = Buffer.from(`${buildId}\n`);
  return data.subarray(0, header.length).equals(header) ? data.subarray(header.length) : undefined;
}
