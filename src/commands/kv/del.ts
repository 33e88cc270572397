import { systemFor } from '../../client/kv.js';
import { KV_COLLECTION_FLAG, TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';

export default defineCommand({
  id: 'kv:del',
  summary: 'Remove a key from the key-value store.',
  description: `Calls cache_remove. It answers OK whether or not the key was there, as
OpenSIPS does; the remove of a replicated collection is sent to the other
nodes either way.`,
  examples: ['<%= config.bin %> kv del user:42 -s /tmp/cl-node1.sock'],
  args: { key: { type: 'string', required: true, description: 'Key.' } },
  flags: {
    ...KV_COLLECTION_FLAG,
    ...TARGET_FLAGS,
  },
  target: true,
  async run({ args, flags }, client) {
    const result = await client.call('cache_remove', { system: systemFor(flags.collection), attr: args.key });
    return { result, human: [result] };
  },
});
