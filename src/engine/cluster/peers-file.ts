import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Logger } from '../log.js';
import { isRefusal, type ClusterView } from '../topology/index.js';
import { endpointOf } from './endpoints.js';

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

/** Adds the remembered peers a view does not know yet (learned, default priority). */
export function restorePeers(views: ReadonlyMap<number, ClusterView>, peers: KnownPeers, myId: number): void {
  for (const [cid, list] of Object.entries(peers)) {
    const view = views.get(Number(cid));
    if (!view) continue;
    for (const p of list) {
      if (p.id === myId || view.getNode(p.id) || !endpointOf(p.url)) continue;
      // The same checks as a node learned from a peer (the join policy may have changed since).
      const ok = view.admit(p.id, p.url);
      if (!isRefusal(ok)) view.addNode({ id: p.id, url: ok.url, priority: 50, learned: true });
    }
  }
}

/** Every known node of every view, to remember. */
export function knownPeers(views: ReadonlyMap<number, ClusterView>): KnownPeers {
  const out: KnownPeers = {};
  for (const view of views.values()) out[String(view.clusterId)] = [...view.nodes.values()].map((n) => ({ id: n.id, url: n.url }));
  return out;
}
