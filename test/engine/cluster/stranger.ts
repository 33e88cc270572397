/** Simulated strangers: nodes outside a SimCluster's table of ids and raw packets from hosts that run no node. */
import { parseConfig } from '../../../src/engine/config/index.js';
import { createLogger, type LogRecord } from '../../../src/engine/log.js';
import { ClusterNode } from '../../../src/engine/node.js';
import { SIM_PORT, simHost, type SimCluster } from '../../../src/engine/sim/sim-cluster.js';
import { encodeMessage } from '../../../src/engine/wire/index.js';

/** A node with id `id` at `host` (another host than the cluster's node `id`), knowing `neighbours`; not started. */
export function nodeAt(sim: SimCluster, id: number, host: string, neighbours: number[], extra: Record<string, unknown> = {}): { node: ClusterNode; logs: LogRecord[] } {
  const { config } = parseConfig({
    timing_preset: 'local',
    my_node_id: id,
    db_mode: 0,
    my_node_info: `cluster_id=${sim.clusterId}, url=bin:${host}:${SIM_PORT}`,
    neighbor_node_info: neighbours.map((n) => `cluster_id=${sim.clusterId}, node_id=${n}, url=bin:${simHost(n)}:${SIM_PORT}`),
    control_socket: `/nonexistent/sim-extra${id}.sock`,
    log_level: 'info',
    ...extra,
  });
  const logs: LogRecord[] = [];
  const node = new ClusterNode({ config, log: createLogger('info', (r) => logs.push(r)), clock: sim.clock, transport: sim.net.transport, control: false, rememberPeers: false });
  return { node, logs };
}

export const description = (srcId: number, url: string, path: number[] = [srcId]): Buffer =>
  encodeMessage({ kind: 'node_description', clusterId: 1, srcId, url, sipAddr: '', priority: 50, noPingRetries: 3, path });

export const ping = (srcId: number): Buffer => encodeMessage({ kind: 'ping', clusterId: 1, srcId, reqNodeList: 1 });

/** Statistic `bin:<name>` of a simulated node. */
export const stat = (sim: SimCluster, id: number, name: string): number => sim.get(id).node.stats.read([`bin:${name}`])[`bin:${name}`] ?? 0;
