import { drainNode } from '../../client/drain.js';
import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';

export default defineCommand({
  id: 'node:drain',
  summary: 'Hand over the sharing tags a node holds, then disable it (graceful maintenance).',
  description: `For each sharing tag the node holds active, activates it on another
node of its cluster (--to, or the first reachable one: a direct link first),
through remote MI, and waits until this node is backup for all of them; then
disables the node in each of its clusters (clusterer_set_status CLUSTER 0),
so the other nodes stop sending to it. A tag that cannot be handed over, or
is still active after --max-wait, stops the drain with CL_ERR_DRAIN_FAILED
(exit 1) before anything is disabled. Undo with
"cl node set-status CLUSTER enabled".`,
  examples: ['<%= config.bin %> node drain -s /tmp/cl-node1.sock', '<%= config.bin %> node drain --to 3 --json'],
  args: {},
  flags: {
    to: { type: 'integer', summary: 'The node that takes the tags (default: the first reachable one).', min: 1 },
    'max-wait': { type: 'integer', summary: 'Seconds to wait for the tags to move (default 10).', min: 1 },
    ...TARGET_FLAGS,
  },
  target: true,
  async run({ flags }, client, io) {
    const report = await drainNode(client, { ...(flags.to !== undefined ? { to: flags.to } : {}), maxWaitMs: (flags['max-wait'] ?? 10) * 1000, progress: (l) => io.err(l) });
    const lines = [
      ...report.handed_over.map((h) => `${h.tag}/${h.cluster_id}: now active on node ${h.to}`),
      ...report.disabled.map((c) => `cluster ${c}: node disabled (undo: cl node set-status ${c} enabled)`),
    ];
    return { result: report, human: lines.length ? lines : ['nothing to do'] };
  },
});
