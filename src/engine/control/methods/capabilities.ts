import type { CapabilityLayer, LocalCap } from '../../capabilities/index.js';
import { STATUS_DETAILS } from '../../capabilities/index.js';
import { MiError } from '../errors.js';
import { methodsFor, type MethodDef } from '../method.js';

/** What the capability MI methods need from the node. */
export interface CapCtx {
  caps: CapabilityLayer;
}

type Def = MethodDef<CapCtx>;
const implement = methodsFor<CapCtx>();

const bad = (name: string): MiError => new MiError(400, `Bad value for '${name}'`);

/** The capability named by `cluster_id` and `capability`, with OpenSIPS's errors (reference §8.3). */
function capOf(p: Record<string, unknown>, ctx: CapCtx): LocalCap {
  const cid = p.cluster_id as number;
  if (cid < 1) throw bad('cluster_id');
  const name = String(p.capability);
  const caps = ctx.caps.list();
  if (!caps.some((c) => c.clusterId === cid)) {
    throw new MiError(404, 'Cluster id not found', `CL_ERR_UNKNOWN_CLUSTER: no capability is registered in cluster ${cid}`, { code: 'CL_ERR_UNKNOWN_CLUSTER' });
  }
  const cap = ctx.caps.find(cid, name);
  if (!cap) {
    const known = caps.filter((c) => c.clusterId === cid).map((c) => c.name).join(', ');
    throw new MiError(404, 'Capability not found', `CL_ERR_UNKNOWN_CAPABILITY: ${name} is not registered in cluster ${cid} (registered: ${known})`, { code: 'CL_ERR_UNKNOWN_CAPABILITY' });
  }
  return cap;
}

export const capabilityMethods: Def[] = [
  implement('clusterer_list_cap', (_p, ctx) => {
    const clusters = new Map<number, Array<{ name: string; state: 'Ok' | 'not synced'; enabled: 'yes' | 'no' }>>();
    for (const c of ctx.caps.list()) {
      const list = clusters.get(c.clusterId) ?? [];
      list.push({ name: c.name, state: c.ok ? 'Ok' : 'not synced', enabled: c.enabled ? 'yes' : 'no' });
      clusters.set(c.clusterId, list);
    }
    return { Clusters: [...clusters].map(([cluster_id, Capabilities]) => ({ cluster_id, Capabilities })) };
  }),
  implement('clusterer_set_cap_status', (p, ctx) => {
    const status = p.status as number;
    if (status !== 0 && status !== 1) throw bad('status');
    ctx.caps.setEnabled(capOf(p, ctx), status === 1);
    return 'OK';
  }),
  implement('cl_cap_list', (_p, ctx) =>
    ctx.caps.list().map((c) => {
      const i = ctx.caps.info(c);
      return {
        cluster_id: i.clusterId,
        capability: i.name,
        status: i.status,
        state: STATUS_DETAILS[i.status],
        enabled: i.enabled,
        synced: i.synced,
        donor: i.donor,
        received: i.received,
        expected: i.expected,
        verified: i.verified,
        synced_nodes: i.syncedNodes,
      };
    }),
  ),
  implement('cl_cap_sync', (p, ctx) => {
    const cap = capOf(p, ctx);
    const outcome = ctx.caps.requestSync(cap);
    return { cluster_id: cap.clusterId, capability: cap.name, outcome, donor: cap.session?.donor ?? null };
  }),
  implement('cl_cap_owner', (p, ctx) => {
    const cap = capOf(p, ctx);
    const key = String(p.key);
    return { cluster_id: cap.clusterId, capability: cap.name, key, owner: ctx.caps.owner(cap, key), nodes: ctx.caps.syncedNodes(cap) };
  }),
];
