import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { EXIT } from '../../cli/exit-codes.js';
import { renderNotSent } from '../../render/messages.js';

export default defineCommand({
  id: 'msg:reply',
  summary: 'Send a reply (cluster_send_rpl) carrying the tag of the request it answers.',
  description: `The node that sent the request receives E_CLUSTERER_RPL_RECEIVED with
this tag (and a waiting \`cl msg send --wait\` prints the message). Prints
nothing on success; exit 1 when the reply could not be sent.`,
  examples: ['<%= config.bin %> msg reply 1 1 1-1-QmTbXyRvWkPaLcNdEfGhJs2u "alice is here" -s /tmp/cl-node3.sock'],
  args: {
    cluster: { type: 'integer', required: true, min: 1, description: 'Cluster id.' },
    node: { type: 'integer', required: true, min: 1, description: 'Node that sent the request.' },
    tag: { type: 'string', required: true, description: 'Tag of the request.' },
    msg: { type: 'string', required: true, description: 'Reply text.' },
  },
  flags: TARGET_FLAGS,
  target: true,
  async run({ args, flags }, client) {
    const r = await client.call('cluster_send_rpl', [args.cluster, args.node, args.msg, args.tag]);
    if (r.code === 1) return { result: r };
    return { result: r, stderr: flags.json ? [] : [renderNotSent('reply', r)], exit: EXIT.FAILURE };
  },
});
