import { CAP_CLUSTER_FLAG, TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { resolveCap } from '../../client/caps.js';

export default defineCommand({
  id: 'cap:owner',
  summary: 'Print the node that owns a key of a capability.',
  description: `Calls cl_cap_owner. Keys are shared out among the nodes that hold the
capability synced and are reachable, by rendezvous hashing: every node that
sees the same nodes names the same owner, and a node joining or leaving
moves only about 1/N of the keys. Prints the owner's node id ("none" and
exit 1 when no node holds the capability synced).`,
  examples: ['<%= config.bin %> cap owner cachedb-local-repl call-42@example.org'],
  args: {
    capability: { type: 'string', required: true, description: 'Capability name.' },
    key: { type: 'string', required: true, description: 'The key.' },
  },
  flags: { ...CAP_CLUSTER_FLAG, ...TARGET_FLAGS },
  target: true,
  compareAcrossNodes: true,
  async run({ args, flags }, client) {
    const cap = await resolveCap(client, args.capability, flags.cluster);
    const result = await client.call('cl_cap_owner', { cluster_id: cap.cluster_id, capability: cap.capability, key: args.key });
    return { result, human: [result.owner === null ? 'none' : String(result.owner)], exit: result.owner === null ? 1 : 0 };
  },
});
