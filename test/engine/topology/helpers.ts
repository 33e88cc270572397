/** Shared fixtures for the cluster-view tests (manual clock, no I/O). */
import { ClusterView } from '../../../src/engine/topology/cluster-view.js';
import { DEFAULT_TIMERS } from '../../../src/engine/topology/timers.js';
import type { TopologyEffect } from '../../../src/engine/topology/node-record.js';
import type { FullTopUpdateMsg, LsUpdateMsg, NodeDescription, TopEntry } from '../../../src/engine/wire/types.js';

export const CID = 1;
export const T = DEFAULT_TIMERS;
export const NOW = 1_700_000_000_000;

export const url = (id: number): string => `bin:10.0.0.${id}:5566`;
export const desc = (id: number, priority = 50): NodeDescription => ({ url: url(id), sipAddr: '', priority, noPingRetries: 3 });

/** Local node 1 plus the given configured remote nodes. */
export function makeView(remote: number[], priorities: Record<number, number> = {}): ClusterView {
  const v = new ClusterView({ clusterId: CID, local: { id: 1, url: url(1) } });
  for (const id of remote) v.addNode({ id, url: url(id), priority: priorities[id] ?? 50 });
  return v;
}

/** Probes every enabled node once and lets the listed ones answer: their links come Up. */
export function bringUp(v: ClusterView, ids: number[], now = NOW): TopologyEffect[] {
  const out: TopologyEffect[] = [];
  for (const e of v.tick(now, T)) if (e.type === 'ping') out.push(...v.pingSent(e.nodeId, true));
  for (const id of ids) out.push(...v.pongReceived({ kind: 'pong', clusterId: CID, srcId: id, nodeIds: [] }, now + 1, T));
  return out;
}

export const ls = (srcId: number, seq: number, neighbourId: number, state: 0 | 1, timestamp = 100): LsUpdateMsg => ({
  kind: 'ls_update',
  clusterId: CID,
  srcId,
  seq,
  timestamp,
  neighbourId,
  state,
  path: [srcId],
});

export const top = (srcId: number, seq: number, entries: TopEntry[], timestamp = 100): FullTopUpdateMsg => ({
  kind: 'full_top_update',
  clusterId: CID,
  srcId,
  seq,
  timestamp,
  entries,
  path: [srcId],
});

export const entry = (nodeId: number, lsSeq: number, neighbours: number[], description?: NodeDescription, lsTimestamp = 100): TopEntry =>
  description ? { nodeId, description, lsSeq, lsTimestamp, neighbours } : { nodeId, lsSeq, lsTimestamp, neighbours };

export const logsOf = (effects: TopologyEffect[]): string[] => effects.flatMap((e) => (e.type === 'log' ? [e.msg] : []));
export const sorted = (s: Iterable<number>): number[] => [...s].sort((a, b) => a - b);
