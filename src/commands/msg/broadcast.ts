import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { parseDuration } from '../../client/target.js';
import { ClientError } from '../../client/errors.js';
import { notSentError } from '../../client/not-sent.js';
import { noReplyText, renderReply } from '../../render/messages.js';

export default defineCommand({
  id: 'msg:broadcast',
  summary: 'Send a request to every node (cluster_broadcast_req); with --wait, print each reply.',
  description: `Without --wait, prints the communication tag. With --wait, collects the
replies that arrive within that window (it ends early once every node
that was sent a copy has answered) and prints one line per replying node,
"node N: MESSAGE" (with --json, one JSON object per line). Exit 1 when
nothing could be sent, 5 when the node is not in the cluster, 4 when
--wait saw no reply at all (an error object with --json).`,
  examples: ['<%= config.bin %> msg broadcast 1 "where alice" --wait 1s -s /tmp/cl-node1.sock', '<%= config.bin %> msg broadcast 1 "reload" --include-self'],
  args: {
    cluster: { type: 'integer', required: true, min: 1, description: 'Cluster id.' },
    msg: { type: 'string', required: true, description: 'Message text (opaque to the cluster).' },
  },
  flags: {
    ...TARGET_FLAGS,
    wait: { type: 'string', summary: 'Collect replies for this long, e.g. 1s.' },
    'include-self': { type: 'boolean', summary: 'Also raise the request on this node.' },
  },
  target: true,
  async run({ args, flags }, client) {
    const waitMs = flags.wait === undefined ? undefined : parseDuration(flags.wait);
    const self = flags['include-self'] ? 1 : 0;
    const r =
      waitMs === undefined
        ? await client.call('cluster_broadcast_req', [args.cluster, args.msg, self])
        : await client.callWaiting('cluster_broadcast_req', waitMs, [args.cluster, args.msg, self, waitMs]);
    if (r.code !== 1) throw await notSentError(client, 'request', args.cluster, undefined, r);
    if (waitMs === undefined) return { result: r, human: [r.tag] };
    const replies = r.replies ?? [];
    if (replies.length === 0) throw new ClientError('CL_ERR_TIMEOUT', noReplyText(r.tag, flags.wait ?? '', r.sent_to));
    return { result: r, json: replies.map((rep) => ({ ...rep, tag: r.tag })), human: replies.map(renderReply) };
  },
});
