import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { lazyBuiltin } from '../builtin.js';
import type { ClusterEvent } from './bus.js';
import { eventJson } from './filter.js';
import { sleep } from '../common/sleep.js';

const https = lazyBuiltin<typeof import('node:https')>('node:https');

/** Largest response body kept (a text/plain body may become a reply). */
const MAX_BODY = 64 * 1024;
const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 2_000;

export interface WebhookResult {
  ok: boolean;
  /** HTTP status of the last attempt (0 = no response). */
  status: number;
  attempts: number;
  body: string;
  contentType: string;
  error?: string;
}

interface Attempt {
  status: number;
  body: string;
  contentType: string;
  error?: string;
}

/** One endpoint: a keep-alive agent and the POST with timeout and retries. */
export class Webhook {
  private readonly agent: HttpAgent;
  private readonly url: URL;

  constructor(url: string, concurrency: number) {
    this.url = new URL(url);
    const opts = { keepAlive: true, maxSockets: concurrency };
    this.agent = this.url.protocol === 'https:' ? new (https().Agent)(opts) : new HttpAgent(opts);
  }

  /**
   * POSTs the event JSON; retries (up to `retries` more times, with backoff)
   * on a network error, a timeout, 429 or 5xx. Never rejects.
   */
  async post(ev: ClusterEvent, timeoutMs: number, retries: number, signal: AbortSignal): Promise<WebhookResult> {
    const body = JSON.stringify(eventJson(ev));
    let last: Attempt = { status: 0, body: '', contentType: '' };
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (signal.aborted) return { ok: false, attempts: attempt, ...last, error: 'node stopping' };
      if (attempt > 0) await sleep(Math.min(BACKOFF_FIRST_MS * 2 ** (attempt - 1), BACKOFF_MAX_MS), signal);
      last = await this.once(body, timeoutMs, signal);
      const retryable = last.status === 0 || last.status === 429 || last.status >= 500;
      if (!retryable) return { ok: last.status >= 200 && last.status < 300, attempts: attempt + 1, ...last };
    }
    return { ok: false, attempts: retries + 1, ...last };
  }

  close(): void {
    this.agent.destroy();
  }

  private once(body: string, timeoutMs: number, signal: AbortSignal): Promise<Attempt> {
    return new Promise((resolve) => {
      const send = this.url.protocol === 'https:' ? https().request : httpRequest;
      const req = send(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'cl-event-handler' },
        signal,
      });
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      const done = (a: Attempt): void => {
        clearTimeout(timer);
        resolve(a);
      };
      const failed = (err: Error): void => done({ status: 0, body: '', contentType: '', error: err.message });
      req.on('response', (res: IncomingMessage) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          if (text.length < MAX_BODY) text += d.slice(0, MAX_BODY - text.length);
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, body: text, contentType: String(res.headers['content-type'] ?? '') }));
        res.on('error', failed);
        res.on('close', () => failed(new Error('connection closed before the end of the response')));
      });
      req.on('error', failed);
      req.end(body);
    });
  }
}
