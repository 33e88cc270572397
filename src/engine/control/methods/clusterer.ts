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

/** The clusters of this node, for messages (`1, 2` or `none`). */
const clustersOf = (ctx: ClusterCtx): string => ctx.api.clusterIds().join(', ') || 'none';

/** The view of cluster `id`; an unknown one is OpenSIPS's error (`rpcCode`, `text`), named in the object form. */
function clusterOf(ctx: ClusterCtx, id: number, rpcCode = 404, text = 'Cluster id not found') {
  const view = ctx.cluster.view(id);
  if (!view) throw new MiError(rpcCode, text, undefined, { code: 'CL_ERR_UNKNOWN_CLUSTER', detail: `this node is not in cluster ${id} (its clusters: ${clustersOf(ctx)})` });
  return view;
}

/** OpenSIPS's error for a node a cluster does not know, named in the object form. */
function unknownNode(ctx: ClusterCtx, cid: number, nid: number, rpcCode = 404, text = 'Node id not found'): MiError {
  const known = ctx.api.getNodes(cid).map((n) => n.nodeId).sort((a, b) => a - b);
  return new MiError(rpcCode, text, undefined, {
    code: 'CL_ERR_UNKNOWN_NODE',
    detail: `node ${nid} is not known in cluster ${cid} (its other nodes: ${known.join(', ') || 'none'}; this node is ${ctx.cluster.myId})`,
  });
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
    const view = clusterOf(ctx, cid);
    if (nid !== undefined && nid !== ctx.cluster.myId && !view.getNode(nid)) throw unknownNode(ctx, cid, nid);
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
    if (ctx.cluster.dbMode !== 0) {
      const how = `this node runs in db_mode ${ctx.cluster.dbMode}: delete the node's row instead ('cl db node remove ${String(p.cluster_id)} ${String(p.node_id)}'), then run 'cl mi clusterer_reload' on every node`;
      throw new MiError(400, 'Running in DB mode', undefined, { code: 'CL_ERR_DB_MODE', detail: how });
    }
    const cid = p.cluster_id as number;
    if (cid < 1) throw bad('cluster_id');
    const view = clusterOf(ctx, cid, 400, 'Unknown cluster id');
    const nid = p.node_id as number;
    if (nid < 1) throw bad('node_id');
    if (!view.getNode(nid)) throw unknownNode(ctx, cid, nid, 400, 'Unknown node id');
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
    clusterOf(ctx, cid);
    const type = (p.addr_type ?? 'sip') as string;
    if (type !== 'sip' && type !== 'bin') throw new MiError(400, "Bad value for 'addr_type'", 'expected sip or bin');
    return { Found: ctx.api.checkAddr(cid, p.ip as string, type) };
  }),
  implement('cl_route', (p, ctx) => {
    const cid = p.cluster_id as number;
    const view = clusterOf(ctx, cid);
    const nid = p.node_id as number;
    const dst = view.getNode(nid);
    if (!dst) throw unknownNode(ctx, cid, nid);
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
    const alternatives = ex.alternatives.map((a) => ({ first_hop: a.firstHop, hops: a.hops, priority: a.priority }));
    return { cluster_id: cid, node_id: nid, reachable: ex.hops >= 0, path: ex.path, hops: ex.hops, next_hop: ex.firstHop, reason: ex.reason, links: hops, alternatives };
  }),
];
