import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { asSendResult, type SendResultView } from '../../render/messages.js';

export default class MsgReply extends BaseCommand {
  static override summary = 'Send a reply (cluster_send_rpl) carrying the tag of the request it answers.';
  static override description = `The node that sent the request receives E_CLUSTERER_RPL_RECEIVED with
this tag (and a waiting \`cl msg send --wait\` prints the message). Prints
nothing on success; exit 1 when the reply could not be sent.`;
  static override examples = ['<%= config.bin %> msg reply 1 1 1-1-QmTbXyRvWkPaLcNdEfGhJs2u "alice is here" -s /tmp/cl-node3.sock'];
  static override args = {
    cluster: Args.integer({ required: true, min: 1, description: 'Cluster id.' }),
    node: Args.integer({ required: true, min: 1, description: 'Node that sent the request.' }),
    tag: Args.string({ required: true, description: 'Tag of the request.' }),
    msg: Args.string({ required: true, description: 'Reply text.' }),
  };

  async run(): Promise<SendResultView> {
    const { args, flags } = await this.parse(MsgReply);
    const r = asSendResult(await this.client(flags).call('cluster_send_rpl', [args.cluster, args.node, args.msg, args.tag]), 'cluster_send_rpl');
    if (flags.json) this.log(JSON.stringify(r));
    if (r.code !== 1) {
      if (!flags.json) this.logToStderr(`error: reply not sent: ${r.status} (code ${r.code})`);
      this.exit(EXIT.FAILURE);
    }
    return r;
  }
}
