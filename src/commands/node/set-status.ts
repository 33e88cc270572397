import { ClientError } from '../../client/errors.js';
import { parseId, TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';

import { STATUS_WORDS } from '../../cli/status-words.js';

const usage = (msg: string): ClientError => new ClientError('CL_ERR_USAGE', msg);

/**
 * `CLUSTER STATUS` (local node) or `CLUSTER NODE STATUS` → the positional
 * params of clusterer_set_status: `[cluster, status]` or `[cluster, node, status]`.
 */
export function setStatusParams(cluster: number, second: string | undefined, third: string | undefined): [number, number] | [number, number, number] {
  if (second === undefined) throw usage('missing STATUS (enabled|disabled): cl node set-status CLUSTER [NODE] STATUS');
  const [nodeWord, statusWord] = third === undefined ? [undefined, second] : [second, third];
  const status = STATUS_WORDS.get(statusWord.toLowerCase());
  if (status === undefined) throw usage(`bad STATUS '${statusWord}': expected ${[...STATUS_WORDS.keys()].join('|')}`);
  if (nodeWord === undefined) return [cluster, status];
  return [cluster, parseId('NODE', nodeWord), status];
}

export default defineCommand({
  id: 'node:set-status',
  summary: 'Enable or disable a node of a cluster (the local node when NODE is omitted).',
  description: `Calls clusterer_set_status. STATUS is enabled|disabled (also up|down, 1|0).
Disabling the local node tells the other nodes to stop sending to it;
disabling a remote node only changes how this node treats it.`,
  usage: 'node set-status CLUSTER [NODE] STATUS [-s <value>] [--url <value>] [--timeout <value>] [--token <value>] [--json]',
  examples: ['<%= config.bin %> node set-status 1 3 disabled -s /tmp/cl-node1.sock', '<%= config.bin %> node set-status 1 enabled -s /tmp/cl-node2.sock'],
  args: {
    cluster: { type: 'id', required: true, description: 'Cluster id.' },
    node: { type: 'string', description: 'Node id; leave it out (CLUSTER STATUS) to set the local node.' },
    status: { type: 'string', required: true, description: 'enabled|disabled|up|down|1|0.' },
  },
  flags: TARGET_FLAGS,
  target: true,
  async run({ args }, client) {
    const [second, third] = args.node === undefined ? [args.status, undefined] : [args.node, args.status];
    const result = await client.call('clusterer_set_status', setStatusParams(args.cluster, second, third));
    return { result, human: [result] };
  },
});
