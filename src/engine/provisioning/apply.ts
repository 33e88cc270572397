/**
 * db_mode 1 `clusterer_reload`: makes the running topology match a fresh
 * read of the clusterer table. OpenSIPS drops everything and rediscovers;
 * here only what changed is touched, so links to unchanged nodes stay Up.
 */
import type { Clusterer } from '../cluster/clusterer.js';
import { endpointOf, sameEndpoint } from '../cluster/endpoints.js';
import type { NodeInfo } from '../config/node-info.js';
import type { ClusterView, RemoteNode } from '../topology/index.js';
import type { DbProvisioning } from './load.js';

export interface ReloadSummary {
  added: string[];
  removed: string[];
  changed: string[];
}

const label = (clusterId: number, nodeId: number): string => `${nodeId}@${clusterId}`;

function updateLocal(cl: Clusterer, view: ClusterView, me: NodeInfo, s: ReloadSummary): void {
  const l = view.local;
  if (l.url !== me.url) {
    cl.log.warn(`cluster ${view.clusterId}: the local node's url changed to ${me.url} in the table; restart the node to use it (keeping ${l.url})`);
  }
  const before = JSON.stringify([l.sipAddr, l.priority, l.noPingRetries, l.seed, l.dbId, l.description]);
  Object.assign(l, { sipAddr: me.sipAddr ?? '', priority: me.priority, noPingRetries: me.noPingRetries, seed: me.seed, dbId: me.dbId, description: me.description ?? '' });
  const changed = before !== JSON.stringify([l.sipAddr, l.priority, l.noPingRetries, l.seed, l.dbId, l.description]) || l.enabled !== me.enabled;
  if (l.enabled !== me.enabled) cl.apply(view, view.setLocalEnabled(me.enabled));
  if (changed) {
    view.bump();
    s.changed.push(label(view.clusterId, l.id));
  }
}

function updateRemote(cl: Clusterer, view: ClusterView, have: RemoteNode, n: NodeInfo, s: ReloadSummary): void {
  const before = JSON.stringify([have.url, have.sipAddr, have.priority, have.noPingRetries, have.seed, have.dbId, have.description, have.enabled]);
  const moved = have.url !== n.url;
  Object.assign(have, { url: n.url, sipAddr: n.sipAddr ?? '', priority: n.priority, noPingRetries: n.noPingRetries, seed: n.seed, dbId: n.dbId, description: n.description ?? '' });
  if (have.link.noPingRetries !== n.noPingRetries) have.link = { ...have.link, noPingRetries: n.noPingRetries };
  if (have.enabled !== n.enabled) cl.apply(view, view.setNodeEnabled(n.nodeId, n.enabled));
  else if (moved && n.enabled) cl.apply(view, view.restartPinging(n.nodeId));
  if (before !== JSON.stringify([have.url, have.sipAddr, have.priority, have.noPingRetries, have.seed, have.dbId, have.description, have.enabled])) {
    view.bump();
    s.changed.push(label(view.clusterId, n.nodeId));
  }
}

/** A listener bound at start serves this local URL (same port, same or wildcard address). */
function listening(cl: Clusterer, me: NodeInfo): boolean {
  return cl.init.transport.bound.some((b) => b.port === me.port && (b.host === me.host || b.host === '0.0.0.0'));
}

/** Closes our connection to a node nobody lists any more. */
function disconnectIfUnused(cl: Clusterer, url: string): void {
  const ep = endpointOf(url);
  if (!ep) return;
  for (const v of cl.views.values()) {
    for (const n of v.nodes.values()) {
      const other = endpointOf(n.url);
      if (other && sameEndpoint(ep, other)) return;
    }
  }
  cl.init.transport.disconnect(ep);
}

/** Applies a reloaded table: clusters joined/left, nodes added/removed/changed. */
export function applyProvisioning(cl: Clusterer, prov: DbProvisioning): ReloadSummary {
  const s: ReloadSummary = { added: [], removed: [], changed: [] };
  const gone: string[] = [];
  const wanted = new Set(prov.myNodeInfo.map((m) => m.clusterId));
  for (const view of [...cl.views.values()]) {
    if (wanted.has(view.clusterId)) continue;
    for (const n of view.nodes.values()) gone.push(n.url);
    s.removed.push(...[...view.nodes.keys()].map((id) => label(view.clusterId, id)), label(view.clusterId, view.local.id));
    cl.removeView(view.clusterId);
  }
  for (const me of prov.myNodeInfo) {
    let view = cl.view(me.clusterId);
    if (view) updateLocal(cl, view, me, s);
    else {
      view = cl.addView(me);
      s.added.push(label(me.clusterId, me.nodeId));
      if (!listening(cl, me)) cl.log.warn(`cluster ${me.clusterId}: no BIN listener for the local url ${me.url}; restart the node to listen on it`);
    }
    const rows = prov.neighborNodeInfo.filter((n) => n.clusterId === me.clusterId);
    for (const n of rows) {
      const have = view.getNode(n.nodeId);
      if (have) updateRemote(cl, view, have, n, s);
      else {
        view.addNode({ id: n.nodeId, url: n.url, sipAddr: n.sipAddr ?? '', priority: n.priority, noPingRetries: n.noPingRetries, enabled: n.enabled, seed: n.seed, dbId: n.dbId, description: n.description ?? '' });
        s.added.push(label(me.clusterId, n.nodeId));
      }
    }
    for (const node of [...view.nodes.values()]) {
      if (rows.some((r) => r.nodeId === node.id)) continue;
      gone.push(node.url);
      cl.apply(view, view.removeNode(node.id));
      s.removed.push(label(me.clusterId, node.id));
    }
  }
  for (const url of gone) disconnectIfUnused(cl, url);
  const list = (xs: string[]): string => (xs.length === 0 ? 'none' : xs.join(' '));
  cl.log.info(`Reloaded DB info: added ${list(s.added)}; removed ${list(s.removed)}; changed ${list(s.changed)} (node@cluster)`);
  cl.kick();
  return s;
}
