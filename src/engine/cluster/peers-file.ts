import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Logger } from '../log.js';

/** Nodes learned at runtime, per cluster, remembered across restarts so a restarted node finds its cluster at once. */
export type KnownPeers = Record<string, { id: number; url: string }[]>;

export async function loadPeers(path: string, log: Logger): Promise<KnownPeers> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return {};
  }
  try {
    const data = JSON.parse(text) as { version?: number; clusters?: KnownPeers };
    if (data.version !== 1 || typeof data.clusters !== 'object' || data.clusters === null) throw new Error('unknown format');
    return data.clusters;
  } catch (err) {
    log.warn(`ignoring state file ${path}: ${(err as Error).message}`);
    return {};
  }
}

/** Writes atomically (temp file + rename) so a crash never leaves half a file. */
export async function savePeers(path: string, clusters: KnownPeers): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ version: 1, clusters }, null, 1));
  await rename(tmp, path);
}
