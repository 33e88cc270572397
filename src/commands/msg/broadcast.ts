import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { EXIT } from '../../cli/exit-codes.js';
import { parseDuration } from '../../client/target.js';
import { renderNoReply, renderNotSent, renderReply } from '../../render/messages.js';

export default defineCommand({
  id: 'msg:broadcast',
  summary: 'Send a request to every node (cluster_broadcast_req); with --wait, print each reply.',
  description: `Without --wait, prints the communication tag. With --wait, collects the
replies that arrive within that window (it ends early once every node
that was sent a copy has answered) and prints one line per replying node,
"node N: MESSAGE" (with --json, one JSON object per line). Exit 1 when
nothing could be sent, 4 when --wait saw no reply at all.`,
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
    if (r.code !== 1) {
      return { result: r, stderr: flags.json ? [] : [renderNotSent('request', r)], exit: EXIT.FAILURE };
    }
    if (waitMs === undefined) return { result: r, human: [r.tag] };
    const replies = r.replies ?? [];
    const none = replies.length === 0 ? [renderNoReply(r.tag, flags.wait ?? '', r.sent_to)] : [];
    return { result: r, json: replies.map((rep) => ({ ...rep, tag: r.tag })), human: replies.map(renderReply), stderr: none, exit: none.length ? EXIT.TIMEOUT : EXIT.OK };
  },
});
