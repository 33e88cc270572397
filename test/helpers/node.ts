import { join } from 'node:path';
import { parseConfig, type NodeConfig } from '../../src/engine/config/index.js';
import { createLogger, type LogRecord } from '../../src/engine/log.js';
import { ClusterNode } from '../../src/engine/node.js';
import { faultyTcp, type Faults } from './faulty-transport.js';

export interface TestNode {
  node: ClusterNode;
  config: NodeConfig;
  logs: LogRecord[];
  /** Frames to and from a peer can be lost on demand (real sockets underneath). */
  faults: Faults;
}

/** Builds an in-process node from OpenSIPS-style keys; its control socket lives in `dir`. */
export function makeNode(dir: string, raw: Record<string, unknown>): TestNode {
  const id = Number(raw.my_node_id ?? 1);
  const { config } = parseConfig({ control_socket: join(dir, `node${id}.sock`), log_level: 'debug', ...raw });
  const logs: LogRecord[] = [];
  const faults: Faults = { dropPeer: undefined };
  const node = new ClusterNode({ config, log: createLogger(config.logLevel, (r) => logs.push(r)), transport: faultyTcp(faults) });
  return { node, config, logs, faults };
}
