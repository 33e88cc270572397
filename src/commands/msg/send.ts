import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { parseDuration } from '../../client/target.js';
import { ClientError } from '../../client/errors.js';
import { notSentError } from '../../client/not-sent.js';
import { noReplyText } from '../../render/messages.js';

export default defineCommand({
  id: 'msg:send',
  summary: 'Send a request (cluster_send_req) to a node; print its tag, or with --wait its reply.',
  description: `The request is routed through other nodes when there is no direct link;
sending to the node's own id raises E_CLUSTERER_REQ_RECEIVED locally.
Without --wait, prints the communication tag (replies carry it back).
With --wait, waits that long for the reply with that tag and prints it;
exit 4 when none came. Exit 1 when the request could not be sent (the
node's code -1: this node disabled, -2: destination unreachable, -3: send
error); exit 5 when the node does not know the cluster or the destination
(-3 too: the error names which). A failure is an error like any other:
one line on stderr, or with --json {"error":{"code":"CL_ERR_…",…}}.`,
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
    if (r.code !== 1) throw await notSentError(client, 'request', args.cluster, args.node, r);
    if (waitMs === undefined) return { result: r, human: [r.tag ?? ''] };
    if (!r.reply) throw new ClientError('CL_ERR_TIMEOUT', noReplyText(r.tag, flags.wait ?? ''));
    return { result: r, human: [r.reply.msg] };
  },
});
