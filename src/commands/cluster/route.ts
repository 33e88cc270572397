import { idArg } from '../../cli/args.js';
import { BaseCommand } from '../../cli/base-command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { asRoute, renderRoute, type RouteResult } from '../../render/route.js';
import { wantsColor } from '../../render/style.js';

export default class ClusterRoute extends BaseCommand {
  static override summary = 'Explain the route from this node to another node.';
  static override description = `Calls cl_route and prints the path (this node first), each hop with its
link state and the age of the last pong, and why this next hop won (fewest
hops, then lowest priority, then lowest node id). When the node cannot be
reached, prints "node N is unreachable: REASON" and exits 1.`;
  static override examples = [
    '<%= config.bin %> cluster route 1 3 -s /tmp/cl-node2.sock',
    '<%= config.bin %> cluster route 1 3 --json',
  ];
  static override args = {
    cluster: idArg({ required: true, description: 'Cluster id.' }),
    node: idArg({ required: true, description: 'Destination node id.' }),
  };

  async run(): Promise<RouteResult> {
    const { args, flags } = await this.parse(ClusterRoute);
    const result = asRoute(await this.client(flags).call('cl_route', [args.cluster, args.node]));
    this.log(flags.json ? JSON.stringify(result) : renderRoute(result, { color: wantsColor(process.stdout) }));
    if (!result.reachable) this.exit(EXIT.FAILURE);
    return result;
  }
}
