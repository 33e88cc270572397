/** Shared bits of the sharing-tag integration tests (in-process nodes on real sockets). */
import type { Member } from '../../helpers/cluster.js';
import { eventually } from '../../helpers/eventually.js';

export const CID = 1;

/** The state each member holds for the tag, as `id:state` (for assertion messages). */
export function states(ms: Member[], name = 'vip'): string {
  return ms.map((m) => `${m.id}:${m.node.shtags.find(name, CID)?.state ?? 'none'}`).join(' ');
}

/** Ids of the members whose own state for the tag is active. */
export function actives(ms: Member[], name = 'vip'): number[] {
  return ms.filter((m) => m.node.shtags.find(name, CID)?.state === 'active').map((m) => m.id);
}

/** Waits until exactly `want` is active among `ms` and every other member holds the tag as backup. */
export async function waitOnlyActive(ms: Member[], want: number, name = 'vip', timeoutMs = 10_000): Promise<void> {
  await eventually(
    () => ms.every((m) => m.node.shtags.find(name, CID)?.state === (m.id === want ? 'active' : 'backup')),
    { timeoutMs, intervalMs: 10, what: `only node ${want} active for ${name}: ${states(ms, name)}` },
  );
}

/** Cuts every link between the groups on both sides (frames silently lost), and waits until each side sees the other unreachable. */
export async function partition(a: Member[], b: Member[]): Promise<void> {
  const cut = (side: Member[], other: Member[]) => {
    const hosts = new Set(other.map((o) => o.host));
    for (const m of side) m.faults.dropPeer = (ip) => hosts.has(ip);
  };
  cut(a, b);
  cut(b, a);
  await eventually(() => a.every((x) => b.every((y) => !reachable(x, y.id) && !reachable(y, x.id))), {
    timeoutMs: 15_000,
    intervalMs: 25,
    what: 'both sides of the partition see the other unreachable',
  });
}

export function heal(ms: Member[]): void {
  for (const m of ms) m.faults.dropPeer = undefined;
}

export function reachable(m: Member, id: number): boolean {
  return m.node.cluster.view(CID)?.isReachable(id) ?? false;
}

/** Sharing-tag events a member raised, as `state:reason`. */
export function tagEvents(m: Member, name = 'vip'): string[] {
  return m.events.filter((e) => e.name === 'E_CLUSTERER_SHARING_TAG_CHANGED' && e.params.name === name).map((e) => `${e.params.state}:${e.params.reason}`);
}
