import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Walks up from this file until a directory holds `shared/reference`; returns that `shared` folder. */
function findSharedDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shared');
    if (existsSync(join(candidate, 'reference'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no shared/reference folder above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The project's shared folder (next to the repo root), e.g. /work/shared. */
export const sharedDir = findSharedDir();
export const referenceDir = join(sharedDir, 'reference');
export const vectorsDir = join(referenceDir, 'vectors');
