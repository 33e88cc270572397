import { ClientError } from '../../client/errors.js';
import { CAP_CLUSTER_FLAG, TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand, type Io } from '../../cli/definition.js';
import type { ControlClient } from '../../client/control-client.js';
import type { CapRow } from '../../contract/index.js';
import { formatRecords, renderSyncProgress } from '../../render/caps.js';
import { resolveCap } from '../../client/caps.js';

const POLL_MS = 100;
const PLAIN_EVERY_MS = 1000;

async function lastReport(client: ControlClient, name: string): Promise<string> {
  try {
    const r = (await client.callRaw('sr_list_reports', { group: 'clusterer', identifier: `cap:${name}` })) as Array<{ Log?: unknown }>;
    const last = Array.isArray(r) ? r[r.length - 1]?.Log : undefined;
    return typeof last === 'string' ? last : 'no report';
  } catch {
    return 'no report';
  }
}

/** Polls the capability until it is synced (its row) or failed (an error); progress on stderr. */
async function waitSynced(client: ControlClient, cap: CapRow, maxWaitS: number, io: Io): Promise<{ row: CapRow; ms: number }> {
  const t0 = Date.now();
  const tty = process.stderr.isTTY === true;
  let lastPlain = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const rows = await client.call('cl_cap_list');
    const row = rows.find((r) => r.cluster_id === cap.cluster_id && r.capability === cap.capability);
    if (!row) throw new ClientError('CL_ERR_UNKNOWN_CAPABILITY', `capability ${cap.capability} is gone from the node`);
    const ms = Date.now() - t0;
    if (row.status === 1) {
      if (tty) process.stderr.write('\r\x1b[K');
      return { row, ms };
    }
    if (row.status === -3) {
      if (tty) process.stderr.write('\r\x1b[K');
      throw new ClientError('CL_ERR_CAP_SYNC_FAILED', `sync of ${cap.capability} in cluster ${cap.cluster_id} did not complete: ${await lastReport(client, cap.capability)}`);
    }
    const line = `${row.state}${row.donor === null ? '' : ` from node ${row.donor}`}: ${renderSyncProgress(row.received, row.expected, ms)}`;
    if (tty) process.stderr.write(`\r\x1b[K${line}`);
    else if (ms - lastPlain >= PLAIN_EVERY_MS) {
      lastPlain = ms;
      io.err(line);
    }
    if (ms > maxWaitS * 1000) {
      if (tty) process.stderr.write('\r\x1b[K');
      throw new ClientError('CL_ERR_CAP_SYNC_FAILED', `sync of ${cap.capability} not complete after ${maxWaitS} s (${row.state}, ${formatRecords(row)})`);
    }
  }
}

export default defineCommand({
  id: 'cap:sync',
  summary: 'Ask a donor for the full data set of a capability now.',
  description: `Calls cl_cap_sync: the node asks a synced node for the whole data set of
the capability and applies it (a resync). Prints what happened: requested
(and from which node), queued (no donor now: asked when one appears), or in
progress. With --wait it follows the sync to its end: a progress line on
stderr (records, records/s, ETA; redrawn in place on a terminal, a plain
line a second otherwise), then the totals; a sync that did not complete
(timed out, records not matching what the donor sent, capability disabled)
exits 1 with CL_ERR_CAP_SYNC_FAILED and the node's report line.`,
  examples: ['<%= config.bin %> cap sync cachedb-local-repl -s /tmp/cl-node3.sock', '<%= config.bin %> cap sync cachedb-local-repl --wait --max-wait 60'],
  args: { capability: { type: 'string', required: true, description: 'Capability name, e.g. cachedb-local-repl.' } },
  flags: {
    ...CAP_CLUSTER_FLAG,
    wait: { type: 'boolean', summary: 'Follow the sync until it completes or fails.' },
    'max-wait': { type: 'integer', summary: 'With --wait: give up after this many seconds (default 600).', min: 1 },
    ...TARGET_FLAGS,
  },
  target: true,
  async run({ args, flags }, client, io) {
    const cap = await resolveCap(client, args.capability, flags.cluster);
    const result = await client.call('cl_cap_sync', { cluster_id: cap.cluster_id, capability: cap.capability });
    if (result.outcome === 'disabled') throw new ClientError('CL_ERR_CAP_SYNC_FAILED', `${cap.capability} is disabled in cluster ${cap.cluster_id}: enable it first (cl cap set-status ${cap.capability} enabled)`);
    const said = `${result.outcome}${result.donor === null ? '' : ` from node ${result.donor}`}`;
    if (!flags.wait) return { result, human: [said] };
    const { row, ms } = await waitSynced(client, cap, flags['max-wait'] ?? 600, io);
    // Timed by polling every 100 ms: a rate only where that is precise enough.
    const took = ms < 1000 ? 'in under a second' : `in ${(ms / 1000).toFixed(1)} s (${Math.round((row.received * 1000) / ms).toLocaleString('en-US')} records/s)`;
    const summary = `synced: ${row.received.toLocaleString('en-US')} records ${took}${row.verified ? ', verified' : ''}`;
    return { result: { ...result, synced: row }, human: [summary] };
  },
});
