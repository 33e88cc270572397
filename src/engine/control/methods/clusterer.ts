import type { ClusterApi } from '../../cluster/api.js';
import type { Clusterer } from '../../cluster/clusterer.js';
import { explainRoute } from '../../topology/index.js';
import { MiError } from '../errors.js';
import { methodsFor, type MethodDef } from '../method.js';

/** What the clusterer MI methods need from the node. */
export interface ClusterCtx {
  cluster: Clusterer;
  api: ClusterApi;
  /** Re-reads the node's provisioning (db_mode 0: its config file). */
  reload?: () => Promise<void>;
  /** persistent_mode (db_mode 1): stores a state set here in the clusterer table. */
  persistState?: (clusterId: number, nodeId: number | undefined, enabled: boolean) => Promise<void>;
}

type Def = MethodDef<ClusterCtx>;
const implement = methodsFor<ClusterCtx>();

function clusterOf(ctx: ClusterCtx, id: number, notFound: () => MiError) {
  const view = ctx.cluster.view(id);
  if (!view) throw notFound();
  return view;
}

const bad = (p: string): MiError => new MiError(400, `Bad value for '${p}'`);

export const clustererMethods: Def[] = [
  implement('clusterer_list', (_p, ctx) => ({
    Clusters: ctx.api.clusterIds().map((cid) => ({
      cluster_id: cid,
      Nodes: ctx.api.getNodes(cid).map((n) => ({
        node_id: n.nodeId,
        db_id: n.dbId,
        url: n.url,
        link_state: n.linkState,
        state: n.enabled ? 'enabled' : 'disabled',
        next_hop: n.nextHop === null ? 'none' : String(n.nextHop),
        description: n.description === '' ? 'none' : n.description,
      })),
    })),
  })),
  implement('clusterer_list_topology', (_p, ctx) => ({
    Clusters: [...ctx.cluster.views.values()].map((v) => ({
      cluster_id: v.clusterId,
      Nodes: [
        { node_id: v.local.id, Neighbours: [...v.local.adjacency] },
        ...[...v.nodes.values()].reverse().map((n) => ({
          node_id: n.id,
          Neighbours: [...n.adjacency, ...(v.local.adjacency.has(n.id) ? [v.local.id] : [])],
        })),
      ],
    })),
  })),
  implement('clusterer_set_status', async (p, ctx) => {
    const cid = p.cluster_id as number;
    if (cid < 1) throw bad('cluster_id');
    const nid = p.node_id as number | undefined;
    if (nid !== undefined && nid < 1) throw bad('node_id');
    const status = p.status as number;
    if (status !== 0 && status !== 1) throw bad('status');
    const view = clusterOf(ctx, cid, () => new MiError(404, 'Cluster id not found'));
    if (nid !== undefined && nid !== ctx.cluster.myId && !view.getNode(nid)) throw new MiError(404, 'Node id not found');
    ctx.api.setState(cid, nid, status === 1);
    if (ctx.persistState) {
      try {
        await ctx.persistState(cid, nid, status === 1);
      } catch (err) {
        // The state is in effect; only storing it failed.
        throw new MiError(500, 'Failed to store the state in the database', err instanceof Error ? err.message : String(err));
      }
    }
    return 'OK';
  }),
  implement('clusterer_remove_node', async (p, ctx) => {
    if (ctx.cluster.dbMode !== 0) throw new MiError(400, 'Running in DB mode');
    const cid = p.cluster_id as number;
    if (cid < 1) throw bad('cluster_id');
    const view = clusterOf(ctx, cid, () => new MiError(400, 'Unknown cluster id'));
    const nid = p.node_id as number;
    if (nid < 1) throw bad('node_id');
    if (!view.getNode(nid)) throw new MiError(400, 'Unknown node id');
    await ctx.api.removeNode(cid, nid);
    return 'OK';
  }),
  implement('clusterer_reload', async (_p, ctx) => {
    if (!ctx.reload) throw new MiError(400, 'Non-DB mode');
    try {
      await ctx.reload();
    } catch (err) {
      throw new MiError(500, 'Failed to reload', err instanceof Error ? err.message : String(err));
    }
    return 'OK';
  }),
  implement('cluster_check_addr', (p, ctx) => {
    const cid = p.cluster_id as number;
    clusterOf(ctx, cid, () => new MiError(404, 'Cluster id not found'));
    const type = (p.addr_type ?? 'sip') as string;
    if (type !== 'sip' && type !== 'bin') throw new MiError(400, "Bad value for 'addr_type'", 'expected sip or bin');
    return { Found: ctx.api.checkAddr(cid, p.ip as string, type) };
  }),
  implement('cl_route', (p, ctx) => {
    const cid = p.cluster_id as number;
    const view = clusterOf(ctx, cid, () => new MiError(404, 'Cluster id not found'));
    const nid = p.node_id as number;
    const dst = view.getNode(nid);
    if (!dst) throw new MiError(404, 'Node id not found');
    const ex = explainRoute(view.routes(), nid);
    const now = ctx.cluster.now();
    const hops = ex.path.slice(1).map((id, i) => {
      const from = ex.path[i]!;
      const n = view.getNode(id);
      const direct = from === view.local.id;
      return {
        from,
        to: id,
        link: direct ? (n ? ctx.api.summary(view, n).linkState : 'none') : 'Up (reported by node ' + from + ')',
        last_pong_ms_ago: direct && n && n.link.lastPong > 0 ? now - n.link.lastPong : null,
        priority: n?.priority ?? null,
      };
    });
    return { cluster_id: cid, node_id: nid, reachable: ex.hops >= 0, path: ex.path, hops: ex.hops, next_hop: ex.firstHop, reason: ex.reason, Hops: hops, alternatives: ex.alternatives };
  }),
];
