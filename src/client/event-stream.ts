import type { IncomingMessage } from 'node:http';
import { ClientError } from './errors.js';
import { parseUrl, post, timeoutError, transportError } from './http.js';
import { describeTarget, type ClientTarget } from './target.js';

/** One line of the `/events` stream. */
export interface StreamedEvent {
  event: string;
  params: Record<string, string | number>;
  time: number;
}

export interface SubscribeOptions {
  /** Event names; empty = every event. */
  events: string[];
  /** Params that must equal these values. */
  filter: Record<string, string>;
  /** Ends the subscription (resolves the promise). */
  signal?: AbortSignal;
  /** Called once the node accepted the subscription (headers received). */
  onOpen?: () => void;
}

/** Longest line accepted from the stream (an event carries at most a 64 KiB message). */
const MAX_LINE = 1 << 20;

function isEvent(v: unknown): v is StreamedEvent {
  const o = v as StreamedEvent | null;
  return typeof o === 'object' && o !== null && typeof o.event === 'string' && typeof o.params === 'object' && o.params !== null;
}

/** The node's refusal: its own `{"error":{"code","message"}}` when it sent one (an unknown event, say), else the HTTP status. */
function refusal(where: string, status: number, text: string): ClientError {
  try {
    const e = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    if (e && typeof e.code === 'string' && /^CL_ERR_[A-Z_]+$/.test(e.code) && typeof e.message === 'string') return new ClientError(e.code, e.message);
  } catch {
    /* not JSON: the status says it */
  }
  return new ClientError('CL_ERR_HTTP', `${where} refused the event subscription: HTTP ${status} ${text.trim().slice(0, 200)}`);
}

/**
 * Subscribes to a node's events (`POST /events`, NDJSON response) and calls
 * `onEvent` for each. Resolves when aborted through `signal`; rejects with a
 * ClientError when the node cannot be reached, refuses, or ends the stream.
 */
export async function subscribeEvents(target: ClientTarget, opts: SubscribeOptions, onEvent: (ev: StreamedEvent) => void): Promise<void> {
  if (target.url && parseUrl(target.url).protocol !== 'http:') throw new ClientError('CL_ERR_USAGE', `event streams need an http:// URL, got ${target.url}`);
  if (opts.signal?.aborted) return;
  const where = describeTarget(target);
  const req = await post(target, 'events', JSON.stringify({ events: opts.events, filter: opts.filter }));
  return new Promise((resolve, reject) => {
    let done = false;
    const onAbort = (): void => {
      done = true;
      req.destroy();
      resolve();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const fail = (err: ClientError): void => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (done) return;
      done = true;
      req.destroy();
      reject(err);
    };
    const connectTimer = setTimeout(() => req.destroy(timeoutError(target, target.timeoutMs)), target.timeoutMs);
    req.on('error', (cause) => {
      clearTimeout(connectTimer);
      fail(transportError(target, cause));
    });
    req.on('response', (res: IncomingMessage) => {
      clearTimeout(connectTimer);
      res.setEncoding('utf8');
      if (res.statusCode !== 200) {
        let text = '';
        res.on('data', (d: string) => (text += d.slice(0, 2048)));
        res.on('end', () => fail(refusal(where, res.statusCode ?? 0, text)));
        return;
      }
      opts.onOpen?.();
      let pending = '';
      res.on('data', (chunk: string) => {
        pending += chunk;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (line === '') continue;
          let ev: unknown;
          try {
            ev = JSON.parse(line) as unknown;
          } catch (cause) {
            return fail(new ClientError('CL_ERR_BAD_REPLY', `${where} sent an event line that is not JSON`, { cause }));
          }
          if (isEvent(ev)) onEvent(ev);
        }
        if (pending.length > MAX_LINE) fail(new ClientError('CL_ERR_BAD_REPLY', `${where} sent an event line longer than ${MAX_LINE} bytes`));
      });
      res.on('end', () => fail(new ClientError('CL_ERR_NODE_UNREACHABLE', `${where} closed the event stream (node stopped?)`)));
      res.on('error', (cause) => fail(new ClientError('CL_ERR_NODE_UNREACHABLE', `event stream from ${where} broke: ${cause.message}`, { cause })));
    });
  });
}
