import { ClientError } from '../../client/errors.js';
import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { eventJsonLine, renderEventLine, renderListening } from '../../render/messages.js';

/** `key=value` → [key, value]. */
function parseFilter(word: string): [string, string] {
  const eq = word.indexOf('=');
  if (eq < 1) throw new ClientError('CL_ERR_USAGE', `bad --filter '${word}': expected key=value, e.g. cluster_id=1`);
  return [word.slice(0, eq), word.slice(eq + 1)];
}

export default defineCommand({
  id: 'event:subscribe',
  summary: 'Print the events a node raises, as they happen, until interrupted.',
  description: `With no EVENT, every event. With --json, or when stdout is not a terminal,
one JSON object per line, {"event":…,"params":{…}}, written as each event
arrives, so the output can feed \`while read\` loops and jq. --filter
keeps events whose parameter equals the value (repeatable, all must match).
Ctrl-C (SIGINT) ends the subscription; exit 3 if the node goes away. An
event the node does not raise is refused at once (exit 2), the known
events listed.`,
  examples: [
    '<%= config.bin %> event subscribe E_CLUSTERER_REQ_RECEIVED -s /tmp/cl-node3.sock',
    '<%= config.bin %> event subscribe E_CLUSTERER_NODE_STATE_CHANGED --filter cluster_id=1 --json',
    '<%= config.bin %> event subscribe E_CLUSTERER_REQ_RECEIVED | while read -r ev; do echo "$ev" | jq -r .params.msg; done',
  ],
  usage: 'event subscribe [EVENT...] [--filter <key=value>...] [--count <value>] [-s <value>] [--url <value>] [--timeout <value>] [--token <value>] [--json]',
  args: { event: { type: 'string', description: 'Event name, e.g. E_CLUSTERER_NODE_STATE_CHANGED (more may follow; none: every event).' } },
  variadic: true,
  flags: {
    ...TARGET_FLAGS,
    filter: { type: 'string', multiple: true, summary: 'Only events with this param value, key=value (repeatable).' },
    count: { type: 'integer', min: 1, summary: 'Exit after this many events.' },
  },
  target: true,
  async run({ args, flags, rest }, client, io) {
    const events = args.event === undefined ? [] : [args.event, ...rest];
    const filter = Object.fromEntries((flags.filter ?? []).map(parseFilter));
    const asJson = flags.json || !io.isTTY;
    const ac = new AbortController();
    const stop = (): void => ac.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let seen = 0;
    const onOpen = (): void => {
      if (!asJson) io.err(renderListening(events, flags.filter ?? []));
    };
    try {
      await client.events({ events, filter, signal: ac.signal, onOpen }, (ev) => {
        io.out(asJson ? eventJsonLine(ev) : renderEventLine(ev, { color: io.color }));
        if (flags.count !== undefined && ++seen >= flags.count) ac.abort();
      });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  },
});
