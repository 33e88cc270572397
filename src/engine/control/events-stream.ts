import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventBus } from '../events/bus.js';
import { KNOWN_EVENTS } from '../events/names.js';
import { busNames, eventJson, selects, type EventSelector } from '../events/filter.js';
import type { Logger } from '../log.js';
import type { ControlRoute } from './server.js';

/** The route of the event stream on the control socket. */
export const EVENTS_PATH = '/events';
/** A subscriber that lets this much output pile up unread is cut off rather than growing the node's memory. */
export const MAX_STREAM_BACKLOG = 1 << 20;
const NAME_RE = /^(\*|[A-Za-z0-9_]+)$/;

/** Request body of `POST /events`: `{"events":[names…],"filter":{"param":"value"}}` (both optional). */
export function parseSubscription(body: string): EventSelector | string {
  let raw: unknown;
  try {
    raw = body.trim() === '' ? {} : (JSON.parse(body) as unknown);
  } catch {
    return 'body is not JSON';
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'body must be a JSON object';
  const { events = [], filter = {} } = raw as { events?: unknown; filter?: unknown };
  if (!Array.isArray(events) || !events.every((e): e is string => typeof e === 'string' && NAME_RE.test(e))) return "'events' must be a list of event names";
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) return "'filter' must be an object of param: value";
  const f: Record<string, string> = {};
  for (const [k, v] of Object.entries(filter)) {
    if (typeof v !== 'string' && typeof v !== 'number') return `filter '${k}' must be a string or number`;
    f[k] = String(v);
  }
  return { names: events, filter: f };
}

interface Stream {
  res: ServerResponse;
  close(): void;
}

/**
 * `POST /events`: a long-lived HTTP response that carries one JSON object per
 * line (`{"event","params","time"}`), written as each event is raised
 * (`GET /events`: the same as server-sent events). The
 * subscription ends when the client goes away or the node stops.
 */
export class EventStreams implements ControlRoute {
  readonly path = EVENTS_PATH;
  private readonly streams = new Set<Stream>();

  constructor(
    private readonly bus: EventBus,
    private readonly log: Logger,
    /** The events a subscriber may name; another name is refused rather than waited for forever. */
    private readonly known: () => readonly string[] = () => Object.keys(KNOWN_EVENTS),
  ) {}

  /** Open subscriptions right now. */
  get count(): number {
    return this.streams.size;
  }

  /** `POST /events`: NDJSON, one event a line. */
  handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    this.open(req, res, parseSubscription(body), 'ndjson');
  }

  /**
   * `GET /events?events=NAME,NAME`: the same stream as server-sent events
   * (`text/event-stream`, one `data:` line of JSON per event), what a
   * browser's EventSource reads.
   */
  get(req: IncomingMessage, res: ServerResponse): void {
    const q = new URL(req.url ?? '/', 'http://node').searchParams.get('events');
    const body = q === null || q === '' ? '{}' : JSON.stringify({ events: q.split(',') });
    this.open(req, res, parseSubscription(body), 'sse');
  }

  private open(req: IncomingMessage, res: ServerResponse, sel: EventSelector | string, format: 'ndjson' | 'sse'): void {
    const known = this.known();
    const unknown = typeof sel === 'string' ? [] : sel.names.filter((n) => n !== '*' && !known.includes(n));
    if (typeof sel === 'string' || unknown.length > 0) {
      const error =
        typeof sel === 'string'
          ? { code: 'CL_ERR_USAGE', message: sel }
          : { code: 'CL_ERR_UNKNOWN_EVENT', message: `unknown event ${unknown.map((n) => `'${n}'`).join(', ')}; this node raises ${known.join(', ')}` };
      const text = JSON.stringify({ error });
      res.writeHead(400, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    const sse = format === 'sse';
    res.writeHead(200, { 'Content-Type': sse ? 'text/event-stream; charset=utf-8' : 'application/x-ndjson', 'Cache-Control': 'no-cache' });
    // An SSE comment first, so that a browser sees the stream open at once.
    if (sse) res.write(': subscribed\n\n');
    else res.flushHeaders();
    let open = true;
    const stream: Stream = {
      res,
      close: () => {
        if (!open) return;
        open = false;
        unsubscribe();
        this.streams.delete(stream);
        res.end();
      },
    };
    const unsubscribe = this.bus.subscribe(busNames(sel.names), (ev) => {
      if (!open || !selects(sel, ev)) return;
      if (res.writableLength > MAX_STREAM_BACKLOG) {
        this.log.warn(`event subscriber not reading (${res.writableLength} bytes pending): closing its stream`);
        stream.close();
        res.destroy();
        return;
      }
      const json = JSON.stringify(eventJson(ev));
      res.write(sse ? `data: ${json}\n\n` : `${json}\n`);
    });
    this.streams.add(stream);
    const what = sel.names.length ? sel.names.join(',') : 'all events';
    this.log.debug(`event subscription opened (${what}, ${format}); ${this.streams.size} open`);
    res.once('close', () => {
      stream.close();
      this.log.debug(`event subscription closed (${what}); ${this.streams.size} open`);
    });
    req.socket.setTimeout(0);
  }

  stop(): void {
    for (const s of [...this.streams]) s.close();
  }
}
