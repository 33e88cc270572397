import { ClientError } from '../../client/errors.js';
import { KV_COLLECTION_FLAG, TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';

export default defineCommand({
  id: 'kv:add',
  summary: 'Add to an integer counter (negative: subtract) and print its new value.',
  description: `Calls cl_kv_add: cachedb_local's counters. A missing or expired key
starts at 0 and takes --ttl; an existing one keeps its expiry. Counters are
32-bit signed integers, as in cachedb_local; a value that is not one, or a
result outside that range, is refused (CL_ERR_KV_NOT_A_COUNTER, exit 5). The
new value replicates to the other nodes as a store of that value, as
cachedb_local does. DELTA defaults to 1.`,
  examples: ['<%= config.bin %> kv add calls:active', '<%= config.bin %> kv add calls:active -1', '<%= config.bin %> kv add hits 10 --ttl 60'],
  usage: 'kv add KEY [DELTA] [--ttl <value>] [-C <value>] [-s <value>] [--url <value>] [--json]',
  args: {
    key: { type: 'string', required: true, description: 'Counter key.' },
    delta: { type: 'string', description: 'Integer to add (default 1; negative to subtract).' },
  },
  flags: {
    ttl: { type: 'integer', summary: 'Seconds a new counter lives (0: for ever).', min: 0 },
    ...KV_COLLECTION_FLAG,
    ...TARGET_FLAGS,
  },
  target: true,
  async run({ args, flags }, client) {
    const word = args.delta ?? '1';
    if (!/^-?\d+$/.test(word)) throw new ClientError('CL_ERR_USAGE', `bad DELTA '${word}': expected an integer such as 1 or -5`);
    const result = await client.call('cl_kv_add', {
      key: args.key,
      delta: Number.parseInt(word, 10),
      ...(flags.collection !== undefined ? { collection: flags.collection } : {}),
      ...(flags.ttl !== undefined ? { ttl: flags.ttl } : {}),
    });
    return { result, human: [String(result.value)] };
  },
});
