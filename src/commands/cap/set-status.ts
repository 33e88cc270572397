import { ClientError } from '../../client/errors.js';
import { CAP_CLUSTER_FLAG, TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { STATUS_WORDS } from '../../cli/status-words.js';
import { resolveCap } from '../../client/caps.js';

export default defineCommand({
  id: 'cap:set-status',
  summary: 'Enable or disable a capability on a node.',
  description: `Calls clusterer_set_cap_status. Disabled, the capability sends and
accepts no replication, is advertised not synced and is never chosen as a
donor; enabled again, it asks a donor for the data it missed. STATUS is
enabled|disabled (also up|down, 1|0).`,
  examples: ['<%= config.bin %> cap set-status cachedb-local-repl disabled -s /tmp/cl-node2.sock'],
  args: {
    capability: { type: 'string', required: true, description: 'Capability name, e.g. cachedb-local-repl.' },
    status: { type: 'string', required: true, description: 'enabled|disabled|up|down|1|0.' },
  },
  flags: { ...CAP_CLUSTER_FLAG, ...TARGET_FLAGS },
  target: true,
  async run({ args, flags }, client) {
    const status = STATUS_WORDS.get(args.status.toLowerCase());
    if (status === undefined) throw new ClientError('CL_ERR_USAGE', `bad STATUS '${args.status}': expected ${[...STATUS_WORDS.keys()].join('|')}`);
    const cap = await resolveCap(client, args.capability, flags.cluster);
    const result = await client.call('clusterer_set_cap_status', { cluster_id: cap.cluster_id, capability: cap.capability, status });
    return { result, human: [result] };
  },
});
