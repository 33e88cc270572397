import { defineCommand, type FlagsOf } from '../../cli/definition.js';
import { runNode } from '../../cli/run-node.js';
import type { ConfigOverrides } from '../../engine/config/index.js';
import { LOG_LEVELS, type LogLevel } from '../../engine/log.js';

const flags = {
  config: { type: 'string', char: 'c', summary: 'YAML configuration file.', required: true },
  'node-id': { type: 'integer', summary: 'Overrides my_node_id.', min: 1 },
  socket: { type: 'string', summary: 'BIN listener(s), bin:IP:PORT; overrides `socket`.', multiple: true },
  'control-socket': { type: 'string', summary: 'Path of the control socket; overrides `control_socket`.' },
  'log-level': { type: 'string', summary: 'Overrides `log_level`.', options: LOG_LEVELS },
} as const;

export interface NodeStartArgs {
  configPath: string;
  overrides: ConfigOverrides;
}

/** The flags as runNode takes them. */
export function nodeStartArgs(f: FlagsOf<typeof flags>): NodeStartArgs {
  const overrides: ConfigOverrides = {};
  if (f['node-id'] !== undefined) overrides.nodeId = f['node-id'];
  if (f.socket) overrides.socket = f.socket;
  if (f['control-socket']) overrides.controlSocket = f['control-socket'];
  if (f['log-level']) overrides.logLevel = f['log-level'] as LogLevel;
  return { configPath: f.config, overrides };
}

export default defineCommand({
  id: 'node:start',
  summary: 'Run a cluster node in the foreground.',
  description: `Reads the node's YAML configuration (OpenSIPS clusterer parameter names),
listens for BIN traffic and serves MI JSON-RPC on its control socket.
SIGINT/SIGTERM stop it cleanly.`,
  examples: [
    '<%= config.bin %> node start -c examples/node1.yaml',
    '<%= config.bin %> node start -c node.yaml --node-id 4 --socket bin:127.0.0.4:5566 --control-socket /tmp/n4.sock',
  ],
  args: {},
  flags,
  target: false,
  async run(input, _client, io) {
    await runNode({ ...nodeStartArgs(input.flags), warn: (l) => io.err(`warning: ${l}`) });
    return 0;
  },
});
