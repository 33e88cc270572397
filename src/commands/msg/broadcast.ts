import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { parseDuration } from '../../cli/target.js';
import { asBroadcast, renderReply, type BroadcastView } from '../../render/messages.js';

export default class MsgBroadcast extends BaseCommand {
  static override summary = 'Send a request to every node (cluster_broadcast_req); with --wait, print each reply.';
  static override description = `Without --wait, prints the communication tag. With --wait, collects the
replies that arrive within that window (it ends early once every node
that was sent a copy has answered) and prints one line per replying node,
"node N: MESSAGE" (with --json, one JSON object per line). Exit 1 when
nothing could be sent, 4 when --wait saw no reply at all.`;
  static override examples = [
    '<%= config.bin %> msg broadcast 1 "where alice" --wait 1s -s /tmp/cl-node1.sock',
    '<%= config.bin %> msg broadcast 1 "reload" --include-self',
  ];
  static override args = {
    cluster: Args.integer({ required: true, min: 1, description: 'Cluster id.' }),
    msg: Args.string({ required: true, description: 'Message text (opaque to the cluster).' }),
  };
  static override flags = {
    wait: Flags.string({ summary: 'Collect replies for this long, e.g. 1s.' }),
    'include-self': Flags.boolean({ summary: 'Also raise the request on this node.' }),
  };

  async run(): Promise<BroadcastView> {
    const { args, flags } = await this.parse(MsgBroadcast);
    const waitMs = flags.wait === undefined ? undefined : parseDuration(flags.wait);
    const self = flags['include-self'] ? 1 : 0;
    const params = [args.cluster, args.msg, self, ...(waitMs === undefined ? [] : [waitMs])];
    const client = this.client({ ...flags, timeout: `${parseDuration(flags.timeout) + (waitMs ?? 0)}ms` });
    const r = asBroadcast(await client.call('cluster_broadcast_req', params));
    if (r.code !== 1) {
      if (flags.json) this.log(JSON.stringify(r));
      else this.logToStderr(`error: request not sent: ${r.status} (code ${r.code})`);
      this.exit(EXIT.FAILURE);
    }
    if (waitMs === undefined) {
      this.log(flags.json ? JSON.stringify(r) : r.tag);
      return r;
    }
    const replies = r.replies ?? [];
    for (const rep of replies) this.log(flags.json ? JSON.stringify({ ...rep, tag: r.tag }) : renderReply(rep));
    if (replies.length === 0) {
      this.logToStderr(`error: no reply to ${r.tag} within ${flags.wait} (sent to nodes ${r.sent_to.join(', ') || 'none'})`);
      this.exit(EXIT.TIMEOUT);
    }
    return r;
  }
}
