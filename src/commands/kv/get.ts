import { fetchValue } from '../../client/kv.js';
import { KV_COLLECTION_FLAG, TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { EXIT } from '../../cli/exit-codes.js';

export default defineCommand({
  id: 'kv:get',
  summary: 'Print the value of a key; exit 1 if there is none.',
  description: `Calls cache_fetch and prints the value. A key that is not there (or has
expired) prints "not found: KEY" on stderr and exits 1, so that
"if v=$(cl kv get KEY); then …" works; with --json it is a result,
{"key": KEY, "value": null}, still with exit 1; other failures use the usual codes
(3 node unreachable, 4 timeout, 5 MI error such as an unknown collection).
Works against an OpenSIPS (--url) too.`,
  examples: ['<%= config.bin %> kv get user:42 -s /tmp/cl-node1.sock', 'if v=$(<%= config.bin %> kv get user:42); then echo "user 42 is $v"; fi'],
  args: { key: { type: 'string', required: true, description: 'Key.' } },
  flags: {
    ...KV_COLLECTION_FLAG,
    ...TARGET_FLAGS,
  },
  target: true,
  compareAcrossNodes: true,
  async run({ args, flags }, client) {
    const value = await fetchValue(client, args.key, flags.collection);
    if (value === undefined) return { json: [{ key: args.key, value: null }], stderr: [`not found: ${args.key}`], exit: EXIT.FAILURE };
    return { result: { key: args.key, value }, human: [value] };
  },
});
