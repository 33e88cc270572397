import { KV_LIST_DEFAULT_LIMIT, KV_LIST_MAX_LIMIT } from '../../contract/index.js';
import { listEntries } from '../../client/kv.js';
import { KV_COLLECTION_FLAG, FORMAT_FLAG, TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { moreEntriesNote, renderKvLines } from '../../render/kv.js';

export default defineCommand({
  id: 'kv:list',
  summary: 'List the entries of a collection in key order.',
  description: `Calls cl_kv_list and prints one "KEY VALUE" line per live entry (the
format "cl kv put --stdin" reads), in key order. --json prints an array of
{key, value, expires}, expires in milliseconds since the epoch (0 = never
expires). At most --limit entries (default ${KV_LIST_DEFAULT_LIMIT}, at most ${KV_LIST_MAX_LIMIT}); when there are
more, a note on stderr says so.`,
  examples: ['<%= config.bin %> kv list -s /tmp/cl-node1.sock', '<%= config.bin %> kv list --prefix user: --json', '<%= config.bin %> kv list --collection sessions --limit 100'],
  args: {},
  flags: {
    prefix: { type: 'string', char: 'p', summary: 'Only keys that start with this text.' },
    ...KV_COLLECTION_FLAG,
    limit: { type: 'integer', min: 1, summary: `Entries at most (default ${KV_LIST_DEFAULT_LIMIT}).` },
    ...FORMAT_FLAG,
    ...TARGET_FLAGS,
  },
  target: true,
  async run({ flags }, client) {
    const limit = Math.min(flags.limit ?? KV_LIST_DEFAULT_LIMIT, KV_LIST_MAX_LIMIT);
    // One more than asked tells whether there are more.
    const rows = await listEntries(client, { collection: flags.collection, prefix: flags.prefix, limit: Math.min(limit + 1, KV_LIST_MAX_LIMIT) });
    const shown = rows.slice(0, limit);
    return { result: shown, human: renderKvLines(shown), ...(rows.length > limit ? { stderr: [moreEntriesNote(limit)] } : {}) };
  },
});
