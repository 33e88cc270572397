import { Command, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { resolveTarget } from '../../cli/target.js';
import { ClientError } from '../../client/errors.js';
import { subscribeEvents } from '../../client/event-stream.js';
import { eventJsonLine, renderEventLine } from '../../render/messages.js';
import { wantsColor } from '../../render/style.js';

/** `key=value` → [key, value]. */
function parseFilter(word: string): [string, string] {
  const eq = word.indexOf('=');
  if (eq < 1) throw new ClientError('CL_ERR_USAGE', `bad --filter '${word}': expected key=value, e.g. cluster_id=1`);
  return [word.slice(0, eq), word.slice(eq + 1)];
}

export default class EventSubscribe extends BaseCommand {
  static override summary = 'Print the events a node raises, as they happen, until interrupted.';
  static override description = `With no EVENT, every event. With --json, or when stdout is not a terminal,
one JSON object per line, {"event":…,"params":{…}}, written as each event
arrives, so the output can feed \`while read\` loops and jq. --filter
keeps events whose parameter equals the value (repeatable, all must match).
Ctrl-C (SIGINT) ends the subscription; exit 3 if the node goes away.`;
  static override examples = [
    '<%= config.bin %> event subscribe E_CLUSTERER_REQ_RECEIVED -s /tmp/cl-node3.sock',
    '<%= config.bin %> event subscribe E_CLUSTERER_NODE_STATE_CHANGED --filter cluster_id=1 --json',
    '<%= config.bin %> event subscribe E_CLUSTERER_REQ_RECEIVED | while read -r ev; do echo "$ev" | jq -r .params.msg; done',
  ];
  static override strict = false;
  static override flags = {
    filter: Flags.string({ multiple: true, summary: 'Only events with this param value, key=value (repeatable).' }),
    count: Flags.integer({ min: 1, summary: 'Exit after this many events.' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(EventSubscribe as typeof Command & typeof EventSubscribe);
    const events = argv as string[];
    const filter = Object.fromEntries((flags.filter ?? []).map(parseFilter));
    const asJson = flags.json === true || process.stdout.isTTY !== true;
    const color = wantsColor(process.stdout);
    const ac = new AbortController();
    const stop = (): void => ac.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let seen = 0;
    try {
      await subscribeEvents(
        resolveTarget(flags),
        {
          events,
          filter,
          signal: ac.signal,
          onOpen: () => {
            if (!asJson) process.stderr.write(`listening for ${events.length ? events.join(', ') : 'all events'}${Object.keys(filter).length ? ` where ${flags.filter!.join(' ')}` : ''} (Ctrl-C to stop)\n`);
          },
        },
        (ev) => {
          process.stdout.write(`${asJson ? eventJsonLine(ev) : renderEventLine(ev, { color })}\n`);
          if (flags.count !== undefined && ++seen >= flags.count) ac.abort();
        },
      );
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }
}
