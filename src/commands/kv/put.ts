import { systemFor } from '../../client/kv.js';
import { ClientError } from '../../client/errors.js';
import { KV_COLLECTION_FLAG, TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { putLines } from '../../cli/kv-bulk.js';
import { stdinLines } from '../../cli/stdin-lines.js';

export default defineCommand({
  id: 'kv:put',
  summary: 'Store a value in the key-value store (cachedb_local), or many from stdin.',
  description: `"put KEY VALUE" calls cache_store (system "local", or "local:COLLECTION"
with --collection), so it works against an OpenSIPS (--url) too. Changes of
a replicated collection (/r in cache_collections) are sent to the other
nodes of the cluster.

--stdin reads one "KEY VALUE" pair per line (the key, one space or tab, the
value: the rest of the line; empty lines are skipped) and stores them in
batches of cl_kv_put_many; it prints the number stored. A bad line stops
the load before its batch, saying how many pairs were stored before it.
--ttl and --collection apply to every pair.

--replicated N (a cl node only) calls cl_kv_put instead: the node answers
once N other synced cl nodes confirmed they applied the write, and prints
the nodes that did; when fewer confirm within --confirm-timeout (ms,
default 2000) it fails (exit 5, CL_ERR_KV_NOT_CONFIRMED) and the entry
stays stored on the node, not acknowledged.`,
  examples: [
    '<%= config.bin %> kv put user:42 alice -s /tmp/cl-node1.sock',
    '<%= config.bin %> kv put session:9 open --ttl 300 --collection sessions',
    "printf 'a 1\\nb 2\\n' | <%= config.bin %> kv put --stdin",
    '<%= config.bin %> kv put order:7 paid --replicated 2',
  ],
  args: {
    key: { type: 'string', description: 'Key (not with --stdin).' },
    value: { type: 'string', description: 'Value (not with --stdin).' },
  },
  flags: {
    ttl: { type: 'integer', min: 0, summary: 'Seconds until the entry expires (0 = never, the default).' },
    ...KV_COLLECTION_FLAG,
    stdin: { type: 'boolean', summary: 'Read "KEY VALUE" lines from stdin.' },
    replicated: { type: 'integer', min: 0, summary: 'Answer only once this many other synced cl nodes confirmed the write (cl_kv_put).' },
    'confirm-timeout': { type: 'integer', min: 1, summary: 'With --replicated: milliseconds to wait for the confirmations (default 2000).' },
    ...TARGET_FLAGS,
  },
  target: true,
  async run({ args, flags }, client) {
    if (flags.stdin) {
      if (args.key !== undefined) throw new ClientError('CL_ERR_USAGE', 'give KEY VALUE or --stdin, not both');
      // A progress line redrawn on a terminal only; nothing in a pipe or a file.
      const tty = process.stderr.isTTY === true;
      const t0 = Date.now();
      const progress = tty
        ? (n: number): void => void process.stderr.write(`\r\x1b[K${n.toLocaleString('en-US')} pairs stored (${Math.round((n * 1000) / Math.max(1, Date.now() - t0)).toLocaleString('en-US')}/s)`)
        : undefined;
      const stored = await putLines(client, stdinLines(), { ...(flags.ttl !== undefined ? { ttl: flags.ttl } : {}), ...(flags.collection !== undefined ? { collection: flags.collection } : {}), ...(progress ? { progress } : {}) });
      if (tty) process.stderr.write('\r\x1b[K');
      return { result: { stored }, human: [`stored ${stored}`] };
    }
    if (args.key === undefined || args.value === undefined) throw new ClientError('CL_ERR_USAGE', 'missing KEY VALUE (or --stdin to read pairs from stdin)');
    if (flags['confirm-timeout'] !== undefined && flags.replicated === undefined) throw new ClientError('CL_ERR_USAGE', '--confirm-timeout goes with --replicated');
    if (flags.replicated !== undefined) {
      const r = await client.call('cl_kv_put', {
        key: args.key,
        value: args.value,
        replicated: flags.replicated,
        ...(flags.collection !== undefined ? { collection: flags.collection } : {}),
        ...(flags.ttl !== undefined ? { ttl: flags.ttl } : {}),
        ...(flags['confirm-timeout'] !== undefined ? { timeout: flags['confirm-timeout'] } : {}),
      });
      return { result: r, human: [r.confirmed.length > 0 ? `OK, confirmed by node${r.confirmed.length === 1 ? '' : 's'} ${r.confirmed.join(', ')}` : 'OK'] };
    }
    const system = systemFor(flags.collection);
    const result = flags.ttl !== undefined && flags.ttl > 0
      ? await client.call('cache_store', { system, attr: args.key, value: args.value, expire: flags.ttl })
      : await client.call('cache_store', { system, attr: args.key, value: args.value });
    return { result, human: [result] };
  },
});
