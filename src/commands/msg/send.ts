import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { parseDuration } from '../../cli/target.js';
import { asSendResult, type SendResultView } from '../../render/messages.js';

export default class MsgSend extends BaseCommand {
  static override summary = 'Send a request (cluster_send_req) to a node; print its tag, or with --wait its reply.';
  static override description = `The request is routed through other nodes when there is no direct link;
sending to the node's own id raises E_CLUSTERER_REQ_RECEIVED locally.
Without --wait, prints the communication tag (replies carry it back).
With --wait, waits that long for the reply with that tag and prints it;
exit 4 when none came. Exit 1 when the request could not be sent
(code -1: local node disabled, -2: destination unreachable, -3: send error).`;
  static override examples = [
    '<%= config.bin %> msg send 1 3 "where alice" -s /tmp/cl-node1.sock',
    '<%= config.bin %> msg send 1 3 "where alice" --wait 1s',
  ];
  static override args = {
    cluster: Args.integer({ required: true, min: 1, description: 'Cluster id.' }),
    node: Args.integer({ required: true, min: 1, description: 'Destination node id.' }),
    msg: Args.string({ required: true, description: 'Message text (opaque to the cluster).' }),
  };
  static override flags = {
    wait: Flags.string({ summary: 'Wait this long for the reply, e.g. 500ms or 2s.' }),
  };

  async run(): Promise<SendResultView> {
    const { args, flags } = await this.parse(MsgSend);
    const waitMs = flags.wait === undefined ? undefined : parseDuration(flags.wait);
    const base = parseDuration(flags.timeout);
    const params = [args.cluster, args.node, args.msg, ...(waitMs === undefined ? [] : [waitMs])];
    const client = this.client({ ...flags, timeout: `${base + (waitMs ?? 0)}ms` });
    const r = asSendResult(await client.call('cluster_send_req', params), 'cluster_send_req');
    if (flags.json) this.log(JSON.stringify(r));
    if (r.code !== 1) {
      if (!flags.json) this.logToStderr(`error: request not sent: ${r.status} (code ${r.code})`);
      this.exit(EXIT.FAILURE);
    }
    if (waitMs === undefined) {
      if (!flags.json) this.log(r.tag ?? '');
      return r;
    }
    if (!r.reply) {
      if (!flags.json) this.logToStderr(`error: no reply to ${r.tag} within ${flags.wait}`);
      this.exit(EXIT.TIMEOUT);
    }
    if (!flags.json) this.log(r.reply!.msg);
    return r;
  }
}

