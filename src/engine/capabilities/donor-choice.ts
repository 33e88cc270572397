import type { ClusterView, RemoteNode } from '../topology/index.js';
import type { CapContext } from './context.js';
import type { LocalCap } from './local-cap.js';

/** Whether a node can be the capability's donor now: reachable, matching its sync condition, advertising it synced. */
export function eligible(ctx: CapContext, view: ClusterView, cap: LocalCap, nodeId: number): boolean {
  const node = view.getNode(nodeId);
  return node !== undefined && view.isReachable(nodeId) && matches(view, cap, node) && (ctx.remote.get(view.clusterId, nodeId, cap.name)?.ok ?? false);
}

function matches(view: ClusterView, cap: LocalCap, node: RemoteNode): boolean {
  const mine = view.local.sipAddr;
  switch (cap.condition) {
    case 'any':
      return true;
    case 'eq_sip_addr':
      return mine !== '' && node.sipAddr !== '' && mine === node.sipAddr;
    case 'neq_sip_addr':
      return mine !== '' && node.sipAddr !== '' && mine !== node.sipAddr;
  }
}

/**
 * Donor selection (reference §5.4): the first eligible node, most
 * recently added first; a node that failed us lately only when no other
 * is eligible. `among` restricts the choice (heal merges).
 */
export function pickDonor(ctx: CapContext, cap: LocalCap, among?: ReadonlySet<number>): number | null {
  const view = ctx.c.cluster.view(cap.clusterId);
  if (!view) return null;
  const now = ctx.now();
  let avoided: number | null = null;
  for (const n of [...view.nodes.values()].reverse()) {
    if (among && !among.has(n.id)) continue;
    if (!eligible(ctx, view, cap, n.id)) continue;
    if ((cap.avoid.get(n.id) ?? 0) > now) {
      avoided ??= n.id;
      continue;
    }
    return n.id;
  }
  return avoided;
}
