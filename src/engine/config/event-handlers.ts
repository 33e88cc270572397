import { dirname, resolve } from 'node:path';
import { ConfigValueError, type IssueList } from './errors.js';
import { isRecord, show, toList } from './values.js';

interface HandlerBase {
  /** Event names this handler runs for (`*` = every event). */
  events: string[];
  /** Only events whose params equal these values (compared as text). */
  filter: Record<string, string>;
  timeoutMs: number;
  /** Handler runs allowed at once; further events wait in a bounded queue. */
  concurrency: number;
}

/** `exec`: a shell command run with the event in `CL_*` env vars and as JSON on stdin. */
export interface ExecHandlerConfig extends HandlerBase {
  kind: 'exec';
  exec: string;
  /** Working directory: the configuration file's folder (relative paths in `exec` resolve there). */
  cwd: string;
}

/** `url`: the event JSON POSTed to an HTTP endpoint, retried on failure. */
export interface WebhookHandlerConfig extends HandlerBase {
  kind: 'webhook';
  url: string;
  retries: number;
}

export type EventHandlerConfig = ExecHandlerConfig | WebhookHandlerConfig;

const KNOWN_PROPS = ['event', 'exec', 'url', 'timeout', 'concurrency', 'retries', 'filter'];
const EVENT_RE = /^(\*|E_[A-Z0-9_]+)$/;
/** Bounds that keep a typo (`timeout: 2000` meaning ms) from holding a slot for half an hour. */
const MAX_TIMEOUT_MS = 600_000;
const MAX_CONCURRENCY = 256;
const MAX_RETRIES = 10;
export const HANDLER_DEFAULTS = Object.freeze({ timeoutMs: 5_000, concurrency: 4, retries: 0 });

/** `2s`, `500ms`, `1m`, or a bare number of seconds. */
export function parseDurationMs(v: unknown): number | undefined {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  const m = text === undefined ? null : /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000);
}

function intIn(v: unknown, min: number, max: number, what: string, problems: string[]): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  problems.push(`${what} must be an integer in ${min}..${max}, got ${show(v)}`);
  return undefined;
}

/** Parses one `event_handlers` entry; `baseDir` is where relative `exec` paths resolve. Throws ConfigValueError. */
export function parseEventHandler(input: unknown, baseDir: string): EventHandlerConfig {
  if (!isRecord(input)) throw new ConfigValueError([`expected a mapping such as {event: E_CLUSTERER_REQ_RECEIVED, exec: ./handler.sh}, got ${show(input)}`]);
  const problems: string[] = [];
  for (const k of Object.keys(input)) if (!KNOWN_PROPS.includes(k)) problems.push(`unknown property '${k}' (known: ${KNOWN_PROPS.join(', ')})`);
  const events = input.event === undefined ? [] : toList(input.event);
  if (events.length === 0) problems.push("missing 'event' (an event name such as E_CLUSTERER_REQ_RECEIVED, a list of names, or '*')");
  for (const e of events) if (typeof e !== 'string' || !EVENT_RE.test(e)) problems.push(`bad event name ${show(e)}, expected E_… or '*'`);
  const hasExec = input.exec !== undefined;
  const hasUrl = input.url !== undefined;
  if (hasExec === hasUrl) problems.push("give exactly one of 'exec' (a command) or 'url' (an http:// endpoint)");
  if (hasExec && (typeof input.exec !== 'string' || input.exec.trim() === '')) problems.push(`'exec' must be a non-empty command, got ${show(input.exec)}`);
  if (hasUrl && (typeof input.url !== 'string' || !/^https?:\/\/[^/\s]+/.test(input.url))) problems.push(`'url' must be an http:// or https:// URL, got ${show(input.url)}`);
  if (!hasUrl && input.retries !== undefined) problems.push("'retries' applies to 'url' handlers only");
  let timeoutMs: number = HANDLER_DEFAULTS.timeoutMs;
  if (input.timeout !== undefined) {
    const t = parseDurationMs(input.timeout);
    if (t === undefined || t < 1 || t > MAX_TIMEOUT_MS) problems.push(`'timeout' must be a duration such as 2s or 500ms (at most 10m), got ${show(input.timeout)}`);
    else timeoutMs = t;
  }
  const concurrency = input.concurrency === undefined ? HANDLER_DEFAULTS.concurrency : intIn(input.concurrency, 1, MAX_CONCURRENCY, "'concurrency'", problems);
  const retries = input.retries === undefined ? HANDLER_DEFAULTS.retries : intIn(input.retries, 0, MAX_RETRIES, "'retries'", problems);
  const filter: Record<string, string> = {};
  if (input.filter !== undefined) {
    if (!isRecord(input.filter)) problems.push(`'filter' must be a mapping of event parameter to value, got ${show(input.filter)}`);
    else for (const [k, v] of Object.entries(input.filter)) {
      if (typeof v === 'string' || typeof v === 'number') filter[k] = String(v);
      else problems.push(`filter '${k}' must be a string or number, got ${show(v)}`);
    }
  }
  if (problems.length > 0 || concurrency === undefined || retries === undefined) throw new ConfigValueError(problems);
  const base = { events: events as string[], filter, timeoutMs, concurrency };
  if (hasExec) return { kind: 'exec', ...base, exec: (input.exec as string).trim(), cwd: baseDir };
  return { kind: 'webhook', ...base, url: input.url as string, retries };
}

/** The `event_handlers` key: a list of handlers (or one). Problems are recorded as `event_handlers[i]` issues. */
export function readEventHandlers(v: unknown, source: string | undefined, issues: IssueList): EventHandlerConfig[] | undefined {
  if (v === undefined) return undefined;
  const baseDir = source ? dirname(resolve(source)) : process.cwd();
  const out: EventHandlerConfig[] = [];
  toList(v).forEach((item, i) => {
    try {
      out.push(parseEventHandler(item, baseDir));
    } catch (err) {
      issues.addError(Array.isArray(v) ? `event_handlers[${i}]` : 'event_handlers', err);
    }
  });
  return out;
}
