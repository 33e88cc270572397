import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Recorded OpenSIPS data the tests compare against, kept inside the
 * repository (test/fixtures/opensips). Tests run from dist/test/…, so the
 * fixtures are found from the repository root, three levels above this file.
 */
const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const fixturesDir = join(repoRoot, 'test', 'fixtures', 'opensips');
export const vectorsDir = join(fixturesDir, 'vectors');
export const miRepliesDir = join(fixturesDir, 'mi-replies');
