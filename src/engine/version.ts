import { readFileSync } from 'node:fs';

/** The package version, read once from package.json next to dist/ (from dist/src/engine, or from the bundle in dist/). */
export const VERSION: string = (() => {
  for (const rel of ['../../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cl' && pkg.version) return pkg.version;
    } catch {
      /* try the next location */
    }
  }
  return '0.0.0';
})();
