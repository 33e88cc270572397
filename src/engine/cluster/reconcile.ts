/**
 * The one path from a list of node infos to the running cluster views: at
 * start-up, on a db_mode 0 reload (the re-read configuration) and on a
 * db_mode 1 reload (the re-read clusterer table). OpenSIPS drops everything
 * and rediscovers on a reload; here only what changed is touched, so links
 * to unchanged nodes stay Up.
 */
import type { NodeInfo } from '../config/node-info.js';
import type { ClusterView, RemoteNode } from '../topology/index.js';
import type { Clusterer } from './clusterer.js';
import { endpointOf, sameEndpoint } from './endpoints.js';

/** The local node's entries (one per cluster) and its neighbours'. */
export interface NodeInfoSet {
  myNodeInfo: readonly NodeInfo[];
  neighborNodeInfo: readonly NodeInfo[];
}

export interface ReconcileSummary {
  added: string[];
  removed: string[];
  changed: string[];
}

const label = (clusterId: number, nodeId: number): string => `${nodeId}@${clusterId}`;

/** The fields a node info sets on a node; `url` changes also restart pinging. */
const infoFields = (n: NodeInfo) => ({
  url: n.url,
  sipAddr: n.sipAddr ?? '',
  priority: n.priority,
  noPingRetries: n.noPingRetries,
  seed: n.seed,
  dbId: n.dbId,
  description: n.description ?? '',
});

const snapshot = (x: { url: string; sipAddr: string; priority: number; noPingRetries: number; seed: boolean; dbId: number; description: string; enabled: boolean }): string =>
  JSON.stringify([x.url, x.sipAddr, x.priority, x.noPingRetries, x.seed, x.dbId, x.description, x.enabled]);

function updateLocal(cl: Clusterer, view: ClusterView, me: NodeInfo, s: ReconcileSummary): void {
  const l = view.local;
  if (l.url !== me.url) {
    cl.log.warn(`cluster ${view.clusterId}: the local node's url changed to ${me.url}; restart the node to use it (keeping ${l.url})`);
  }
  const before = snapshot(l);
  Object.assign(l, { ...infoFields(me), url: l.url });
  // Only the table can disable the local node; in db_mode 0 that is clusterer_set_status's business.
  if (cl.dbMode === 1 && l.enabled !== me.enabled) cl.apply(view, view.setLocalEnabled(me.enabled));
  if (before !== snapshot(l)) {
    view.bump();
    s.changed.push(label(view.clusterId, l.id));
  }
}

function updateRemote(cl: Clusterer, view: ClusterView, have: RemoteNode, n: NodeInfo, s: ReconcileSummary): void {
  const before = snapshot(have);
  const moved = have.url !== n.url;
  Object.assign(have, infoFields(n));
  if (moved) view.urlChanged();
  if (have.link.noPingRetries !== n.noPingRetries) have.link = { ...have.link, noPingRetries: n.noPingRetries };
  if (have.enabled !== n.enabled) cl.apply(view, view.setNodeEnabled(n.nodeId, n.enabled));
  else if (moved && n.enabled) cl.apply(view, view.restartPinging(n.nodeId));
  if (before !== snapshot(have)) {
    view.bump();
    s.changed.push(label(view.clusterId, n.nodeId));
  }
}

/** A listener bound at start serves this local URL (same port, same or wildcard address). */
function listening(cl: Clusterer, me: NodeInfo): boolean {
  return cl.transport.bound.some((b) => b.port === me.port && (b.host === me.host || b.host === '0.0.0.0'));
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
  cl.transport.disconnect(ep);
}

/**
 * Makes the cluster views match `want`: clusters joined and left, nodes
 * added, removed and changed. Nodes learned from peers (db_mode 0) stay
 * unless their cluster is left.
 */
export function reconcile(cl: Clusterer, want: NodeInfoSet): ReconcileSummary {
  const s: ReconcileSummary = { added: [], removed: [], changed: [] };
  // Who is a member may change here: refusals are reported afresh.
  cl.refusals.forget();
  const gone: string[] = [];
  const wanted = new Set(want.myNodeInfo.map((m) => m.clusterId));
  for (const view of [...cl.views.values()]) {
    if (wanted.has(view.clusterId)) continue;
    for (const n of view.nodes.values()) gone.push(n.url);
    s.removed.push(...[...view.nodes.keys()].map((id) => label(view.clusterId, id)), label(view.clusterId, view.local.id));
    cl.removeView(view.clusterId);
  }
  for (const me of want.myNodeInfo) {
    let view = cl.view(me.clusterId);
    if (view) updateLocal(cl, view, me, s);
    else {
      view = cl.addView(me);
      s.added.push(label(me.clusterId, me.nodeId));
      if (!listening(cl, me)) cl.log.warn(`cluster ${me.clusterId}: no BIN listener for the local url ${me.url}; restart the node to listen on it`);
    }
    const rows = want.neighborNodeInfo.filter((n) => n.clusterId === me.clusterId);
    for (const n of rows) {
      const have = view.getNode(n.nodeId);
      if (have) updateRemote(cl, view, have, n, s);
      else {
        view.addNode({ id: n.nodeId, ...infoFields(n), enabled: n.enabled });
        s.added.push(label(me.clusterId, n.nodeId));
      }
    }
    for (const node of [...view.nodes.values()]) {
      if (node.learned || rows.some((r) => r.nodeId === node.id)) continue;
      gone.push(node.url);
      cl.apply(view, view.removeNode(node.id));
      s.removed.push(label(me.clusterId, node.id));
    }
  }
  for (const url of gone) disconnectIfUnused(cl, url);
  cl.kick();
  return s;
}

/** The reload log line, as for OpenSIPS's "Reloaded DB info" with what changed. */
export function reloadLine(s: ReconcileSummary): string {
  const list = (xs: string[]): string => (xs.length === 0 ? 'none' : xs.join(' '));
  return `Reloaded DB info: added ${list(s.added)}; removed ${list(s.removed)}; changed ${list(s.changed)} (node@cluster)`;
}
