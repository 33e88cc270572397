import { idArg } from '../../cli/args.js';
import { BaseCommand } from '../../cli/base-command.js';

export default class NodeRemove extends BaseCommand {
  static override summary = 'Remove a node from the topology of every node of a cluster (db_mode 0).';
  static override description = `Calls clusterer_remove_node: the node tells every enabled node of the
cluster to forget NODE, then forgets it itself; NODE, when it gets the
message, disables itself in that cluster. Only in db_mode 0.`;
  static override examples = ['<%= config.bin %> node remove 1 3 -s /tmp/cl-node1.sock'];
  static override args = {
    cluster: idArg({ required: true, description: 'Cluster id.' }),
    node: idArg({ required: true, description: 'Id of the node to remove.' }),
  };

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(NodeRemove);
    const result = await this.client(flags).call('clusterer_remove_node', [args.cluster, args.node]);
    this.log(flags.json ? JSON.stringify(result) : String(result));
    return result;
  }
}
