import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { EXIT } from '../../cli/exit-codes.js';
import { renderRoute } from '../../render/route.js';

export default defineCommand({
  id: 'cluster:route',
  summary: 'Explain the route from this node to another node.',
  description: `Calls cl_route and prints the path (this node first), each hop with its
link state and the age of the last pong, and why this next hop won (fewest
hops, then lowest priority, then lowest node id). When the node cannot be
reached, prints "node N is unreachable: REASON" and exits 1.`,
  examples: ['<%= config.bin %> cluster route 1 3 -s /tmp/cl-node2.sock', '<%= config.bin %> cluster route 1 3 --json'],
  args: {
    cluster: { type: 'id', required: true, description: 'Cluster id.' },
    node: { type: 'id', required: true, description: 'Destination node id.' },
  },
  flags: TARGET_FLAGS,
  target: true,
  async run({ args }, client, io) {
    const result = await client.call('cl_route', [args.cluster, args.node]);
    return { result, human: [renderRoute(result, { color: io.color })], exit: result.reachable ? EXIT.OK : EXIT.FAILURE };
  },
});
