import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { ClientError } from '../../client/errors.js';
import { notSentError } from '../../client/not-sent.js';

/** A request's tag: `CLUSTER-NODE-RANDOM`, as OpenSIPS and cl make them (the node that sent the request, in its cluster). */
const TAG_RE = /^(\d+)-(\d+)-[A-Za-z0-9]+$/;

/**
 * A reply goes back to the node that sent the request, in its cluster:
 * a tag of another form, or made by another node or cluster, is refused
 * (a reply nobody waits for would be lost silently).
 */
export function checkReplyTag(tag: string, cluster: number, node: number): void {
  const m = TAG_RE.exec(tag);
  if (!m) throw new ClientError('CL_ERR_USAGE', `bad TAG '${tag}': expected the tag of a request, CLUSTER-NODE-RANDOM (e.g. 1-2-QmTbXyRvWkPaLcNdEfGhJs2u)`);
  if (Number(m[1]) !== cluster || Number(m[2]) !== node) {
    throw new ClientError('CL_ERR_USAGE', `TAG '${tag}' is of a request from node ${m[2]} of cluster ${m[1]}, not from node ${node} of cluster ${cluster}: a reply goes to the node that sent the request`);
  }
}

export default defineCommand({
  id: 'msg:reply',
  summary: 'Send a reply (cluster_send_rpl) carrying the tag of the request it answers.',
  description: `The node that sent the request receives E_CLUSTERER_RPL_RECEIVED with
this tag (and a waiting \`cl msg send --wait\` prints the message). TAG is
the tag of that request (CLUSTER-NODE-RANDOM): another form, or a tag
made by another node or cluster than CLUSTER and NODE, is a usage error
(exit 2). Prints nothing on success; exit 1 when the reply could not be
sent, 5 when the node does not know the cluster or node.`,
  examples: ['<%= config.bin %> msg reply 1 1 1-1-QmTbXyRvWkPaLcNdEfGhJs2u "alice is here" -s /tmp/cl-node3.sock'],
  args: {
    cluster: { type: 'integer', required: true, min: 1, description: 'Cluster id.' },
    node: { type: 'integer', required: true, min: 1, description: 'Node that sent the request.' },
    tag: { type: 'string', required: true, description: 'Tag of the request.' },
    msg: { type: 'string', required: true, description: 'Reply text.' },
  },
  flags: TARGET_FLAGS,
  target: true,
  async run({ args }, client) {
    checkReplyTag(args.tag, args.cluster, args.node);
    const r = await client.call('cluster_send_rpl', [args.cluster, args.node, args.msg, args.tag]);
    if (r.code === 1) return { result: r };
    throw await notSentError(client, 'reply', args.cluster, args.node, r);
  },
});
