import { Command, Flags } from '@oclif/core';
import { LOG_LEVELS, type LogLevel } from '../../engine/log.js';
import { exitCodeFor } from '../../cli/exit-codes.js';
import { runNode } from '../../cli/run-node.js';
import { renderError } from '../../render/error.js';

export default class NodeStart extends Command {
  static override summary = 'Run a cluster node in the foreground.';
  static override description = `Reads the node's YAML configuration (OpenSIPS clusterer parameter names),
listens for BIN traffic and serves MI JSON-RPC on its control socket.
SIGINT/SIGTERM stop it cleanly.`;
  static override examples = [
    '<%= config.bin %> node start -c examples/node1.yaml',
    '<%= config.bin %> node start -c node.yaml --node-id 4 --socket bin:127.0.0.4:5566 --control-socket /tmp/n4.sock',
  ];
  static override flags = {
    config: Flags.string({ char: 'c', summary: 'YAML configuration file.', required: true }),
    'node-id': Flags.integer({ summary: 'Overrides my_node_id.', min: 1 }),
    socket: Flags.string({ summary: 'BIN listener(s), bin:IP:PORT; overrides `socket`.', multiple: true }),
    'control-socket': Flags.string({ summary: 'Path of the control socket; overrides `control_socket`.' }),
    'log-level': Flags.string({ summary: 'Overrides `log_level`.', options: LOG_LEVELS }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(NodeStart);
    try {
      await runNode({
        configPath: flags.config,
        overrides: {
          ...(flags['node-id'] !== undefined ? { nodeId: flags['node-id'] } : {}),
          ...(flags.socket ? { socket: flags.socket } : {}),
          ...(flags['control-socket'] ? { controlSocket: flags['control-socket'] } : {}),
          ...(flags['log-level'] ? { logLevel: flags['log-level'] as LogLevel } : {}),
        },
        warn: (l) => this.logToStderr(`warning: ${l}`),
      });
    } catch (err) {
      this.logToStderr(renderError(err));
      this.exit(exitCodeFor(err));
    }
  }
}
