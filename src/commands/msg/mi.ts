import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { EXIT } from '../../cli/exit-codes.js';
import { miParams } from '../../cli/mi-params.js';
import { parseDuration } from '../../client/target.js';
import { miSendAsResults, renderMiResults } from '../../render/messages.js';

export default defineCommand({
  id: 'msg:mi',
  summary: 'Run an MI command on every node of a cluster (or on one with --to) and show each result.',
  description: `Calls cl_broadcast_mi (or cl_send_mi with --to). cl nodes run the
command and send its result back; peers not known as cl nodes (OpenSIPS)
get a standard MI_CMD and show as "sent" (their result stays in their
log). Params are positional or name=value, as for \`cl mi\`; named and
array params need cl peers. Exit 1 if any node failed, did not answer
within --wait, or could not be reached.`,
  examples: [
    '<%= config.bin %> msg mi 1 uptime -s /tmp/cl-node1.sock',
    '<%= config.bin %> msg mi 1 get_statistics \'["clusterer:"]\' --json',
    '<%= config.bin %> msg mi 1 sr_get_status group=clusterer identifier=node_states --to 3',
  ],
  args: {
    cluster: { type: 'integer', required: true, min: 1, description: 'Cluster id.' },
    cmd: { type: 'string', required: true, description: 'MI command to run, e.g. uptime.' },
  },
  usage: 'msg mi CLUSTER CMD [PARAMS...] [--to <value>] [--wait <value>] [-s <value>] [--url <value>] [--timeout <value>] [--token <value>] [--json]',
  variadic: true,
  flags: {
    ...TARGET_FLAGS,
    to: { type: 'integer', min: 1, summary: 'Run on this node (id) only.' },
    wait: { type: 'string', summary: "How long to wait for each cl node's result.", default: '2s' },
  },
  target: true,
  async run({ args, flags, rest }, client, io) {
    const params = miParams(rest) ?? [];
    const waitMs = parseDuration(flags.wait);
    const r =
      flags.to === undefined
        ? await client.callWaiting('cl_broadcast_mi', waitMs, [args.cluster, args.cmd, params, waitMs])
        : miSendAsResults(await client.callWaiting('cl_send_mi', waitMs, [args.cluster, flags.to, args.cmd, params, waitMs]));
    return { result: r, human: renderMiResults(r, { color: io.color }), exit: r.failed.length > 0 ? EXIT.FAILURE : EXIT.OK };
  },
});
