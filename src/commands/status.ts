import { ClientError } from '../client/errors.js';
import { parseDuration } from '../client/target.js';
import { RpcCode, type StatusResult } from '../contract/index.js';
import { snakeKeys } from '../contract/json-keys.js';
import { TARGET_FLAGS } from '../cli/common-flags.js';
import { defineCommand } from '../cli/definition.js';
import type { ControlClient } from '../client/control-client.js';
import { CLEAR_SCREEN, renderStatus } from '../render/status.js';
import { sleep } from '../engine/common/sleep.js';

/** Bound on the refresh rate of --watch. */
const MIN_INTERVAL_MS = 100;

async function status(client: ControlClient): Promise<StatusResult> {
  try {
    return await client.call('cl_status');
  } catch (err) {
    if (err instanceof ClientError && err.rpcCode === RpcCode.METHOD_NOT_FOUND) {
      throw new ClientError(err.code, `that endpoint has no cl_status (a real OpenSIPS?): use 'cl cluster list' and 'cl shtag list' there`, { cause: err, rpcCode: err.rpcCode });
    }
    throw err;
  }
}

export default defineCommand({
  id: 'status',
  summary: 'Show the node on one screen: identity, uptime, clusters and links, sharing tags, capabilities, recent events.',
  description: `Calls cl_status and prints who the node is (id, version, pid, uptime,
db_mode, control socket), each of its clusters with every other node (link
state, state, next hop, age of the last pong), its sharing tags, its
capabilities with their sync state (donor, records received/expected,
synced nodes) and the last events it raised. --json prints the reply as one JSON object.
--watch refreshes it every --interval until Ctrl-C (or --count refreshes):
on a terminal the screen is redrawn in place; otherwise (a pipe, a file)
each refresh is printed after the previous one, with --json one line each.`,
  examples: ['<%= config.bin %> status -s /tmp/cl-node1.sock', '<%= config.bin %> status --watch', '<%= config.bin %> status --json | jq .clusters'],
  args: {},
  flags: {
    ...TARGET_FLAGS,
    watch: { type: 'boolean', char: 'w', summary: 'Refresh until interrupted.' },
    interval: { type: 'string', summary: 'Time between refreshes of --watch.', default: '2s' },
    count: { type: 'integer', min: 1, summary: 'With --watch: stop after this many refreshes.' },
  },
  target: true,
  async run({ flags }, client, io) {
    const intervalMs = parseDuration(flags.interval);
    if (intervalMs < MIN_INTERVAL_MS) throw new ClientError('CL_ERR_USAGE', `bad --interval '${flags.interval}': at least ${MIN_INTERVAL_MS}ms`);
    if (!flags.watch) {
      const s = await status(client);
      return { result: s, human: [renderStatus(s, { color: io.color, now: Date.now() })] };
    }
    const ac = new AbortController();
    const stop = (): void => ac.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      for (let n = 0; !ac.signal.aborted && (flags.count === undefined || n < flags.count); n++) {
        if (n > 0) await sleep(intervalMs, ac.signal);
        if (ac.signal.aborted) break;
        const s = await status(client);
        if (flags.json) io.out(JSON.stringify(snakeKeys(s)));
        else if (io.isTTY) io.out(`${CLEAR_SCREEN}${renderStatus(s, { color: io.color, now: Date.now() })}`);
        else io.out(`${n > 0 ? '\n' : ''}${renderStatus(s, { color: false, now: Date.now() })}`);
      }
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  },
});
