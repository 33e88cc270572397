import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { EXIT } from '../../cli/exit-codes.js';
import { parseDuration } from '../../client/target.js';
import { renderNoReply, renderNotSent } from '../../render/messages.js';

export default defineCommand({
  id: 'msg:send',
  summary: 'Send a request (cluster_send_req) to a node; print its tag, or with --wait its reply.',
  description: `The request is routed through other nodes when there is no direct link;
sending to the node's own id raises E_CLUSTERER_REQ_RECEIVED locally.
Without --wait, prints the communication tag (replies carry it back).
With --wait, waits that long for the reply with that tag and prints it;
exit 4 when none came. Exit 1 when the request could not be sent
(code -1: local node disabled, -2: destination unreachable, -3: send error).`,
  examples: ['<%= config.bin %> msg send 1 3 "where alice" -s /tmp/cl-node1.sock', '<%= config.bin %> msg send 1 3 "where alice" --wait 1s'],
  args: {
    cluster: { type: 'integer', required: true, min: 1, description: 'Cluster id.' },
    node: { type: 'integer', required: true, min: 1, description: 'Destination node id.' },
    msg: { type: 'string', required: true, description: 'Message text (opaque to the cluster).' },
  },
  flags: { ...TARGET_FLAGS, wait: { type: 'string', summary: 'Wait this long for the reply, e.g. 500ms or 2s.' } },
  target: true,
  async run({ args, flags }, client) {
    const waitMs = flags.wait === undefined ? undefined : parseDuration(flags.wait);
    const r =
      waitMs === undefined
        ? await client.call('cluster_send_req', [args.cluster, args.node, args.msg])
        : await client.callWaiting('cluster_send_req', waitMs, [args.cluster, args.node, args.msg, waitMs]);
    const human = (lines: string[]): string[] => (flags.json ? [] : lines);
    if (r.code !== 1) return { result: r, stderr: human([renderNotSent('request', r)]), exit: EXIT.FAILURE };
    if (waitMs === undefined) return { result: r, human: [r.tag ?? ''] };
    if (!r.reply) return { result: r, stderr: human([renderNoReply(r.tag, flags.wait ?? '')]), exit: EXIT.TIMEOUT };
    return { result: r, human: [r.reply.msg] };
  },
});
