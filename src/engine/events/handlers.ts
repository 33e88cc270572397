import type { EventHandlerConfig } from '../config/event-handlers.js';
import type { Logger } from '../log.js';
import type { Part } from '../part.js';
import type { ClusterEvent, EventBus } from './bus.js';
import { ChildSet, runExec } from './exec-runner.js';
import { busNames, selects } from './filter.js';
import { Limiter } from './limiter.js';
import { REQ_RECEIVED } from './names.js';
import { Webhook } from './webhook.js';

/** Events waiting for a free slot, per handler; beyond this they are dropped (and logged). */
export const MAX_QUEUED = 1000;

/** Sends a reply (`cluster_send_rpl`); resolves with the script code. */
export type SendReply = (clusterId: number, dstId: number, msg: string, tag: string) => Promise<number>;

export interface EventHandlersInit {
  handlers: readonly EventHandlerConfig[];
  events: EventBus;
  log: Logger;
  sendReply: SendReply;
}

export interface HandlerStats {
  runs: number;
  failures: number;
  dropped: number;
  replies: number;
}

interface Slot {
  cfg: EventHandlerConfig;
  label: string;
  limiter: Limiter;
  webhook: Webhook | undefined;
  stats: HandlerStats;
}

/**
 * The `event_handlers` of the configuration: exec commands and webhooks run
 * for matching events, each with a concurrency limit and a timeout. Events
 * are handed over synchronously and handled later, so a slow or failing
 * handler is logged and never holds up the network.
 */
export class EventHandlers implements Part {
  readonly name = 'event handlers';
  private readonly slots: Slot[];
  private readonly children = new ChildSet();
  private abort = new AbortController();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly init: EventHandlersInit) {
    this.slots = init.handlers.map((cfg, i) => ({
      cfg,
      label: `event handler #${i + 1} (${cfg.kind === 'exec' ? `exec ${cfg.exec}` : `url ${cfg.url}`})`,
      limiter: new Limiter(cfg.concurrency, MAX_QUEUED),
      webhook: cfg.kind === 'webhook' ? new Webhook(cfg.url, cfg.concurrency) : undefined,
      stats: { runs: 0, failures: 0, dropped: 0, replies: 0 },
    }));
  }

  get stats(): HandlerStats[] {
    return this.slots.map((s) => ({ ...s.stats }));
  }

  /** Children running right now (exec handlers). */
  get running(): number {
    return this.children.size;
  }

  start(): void {
    if (this.unsubscribe || this.slots.length === 0) return;
    this.abort = new AbortController();
    const names = this.slots.some((s) => busNames(s.cfg.events).length === 0) ? [] : [...new Set(this.slots.flatMap((s) => s.cfg.events))];
    this.unsubscribe = this.init.events.subscribe(names, (ev) => this.dispatch(ev));
  }

  /** Unsubscribes, drops queued events, kills running commands and aborts requests. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const s of this.slots) s.limiter.clear();
    this.abort.abort();
    this.children.killAll();
    for (const s of this.slots) s.webhook?.close();
  }

  private dispatch(ev: ClusterEvent): void {
    for (const s of this.slots) {
      if (!selects({ names: s.cfg.events, filter: s.cfg.filter }, ev)) continue;
      if (!s.limiter.run(() => this.handle(s, ev))) {
        s.stats.dropped++;
        this.init.log.warn(`${s.label}: ${MAX_QUEUED} events already waiting, dropping ${ev.name}`);
      }
    }
  }

  private async handle(s: Slot, ev: ClusterEvent): Promise<void> {
    if (this.abort.signal.aborted) return;
    s.stats.runs++;
    const log = this.init.log;
    let output: string | undefined;
    if (s.cfg.kind === 'exec') {
      const r = await runExec(s.cfg.exec, s.cfg.cwd, ev, s.cfg.timeoutMs, this.children);
      if (r.spawnError || r.timedOut || r.code !== 0) {
        s.stats.failures++;
        const why = r.spawnError ? `cannot run: ${r.spawnError}` : r.timedOut ? `killed after ${s.cfg.timeoutMs} ms` : r.code === null ? `killed by ${r.signal}` : `exit ${r.code}`;
        if (!this.abort.signal.aborted) log.warn(`${s.label} for ${ev.name} failed: ${why}${r.stderrTail ? `: ${r.stderrTail.split('\n').slice(-3).join(' | ')}` : ''}`);
        return;
      }
      output = r.stdout;
    } else {
      const r = await s.webhook!.post(ev, s.cfg.timeoutMs, s.cfg.retries, this.abort.signal);
      if (!r.ok) {
        s.stats.failures++;
        if (!this.abort.signal.aborted) log.warn(`${s.label} for ${ev.name} failed after ${r.attempts} attempt(s): ${r.error ?? `HTTP ${r.status}`}`);
        return;
      }
      // Only a plain-text answer is a reply: a JSON acknowledgement is not meant for the requester.
      output = /^text\/plain\b/i.test(r.contentType) ? r.body : undefined;
    }
    await this.autoReply(s, ev, output);
  }

  /** A request's handler output (trimmed, non-empty) goes back to the requester with the request's tag. */
  private async autoReply(s: Slot, ev: ClusterEvent, output: string | undefined): Promise<void> {
    const text = output?.trim();
    if (ev.name !== REQ_RECEIVED || !text || this.abort.signal.aborted) return;
    const code = await this.init.sendReply(Number(ev.params.cluster_id), Number(ev.params.src_id), text, String(ev.params.tag));
    if (code === 1) s.stats.replies++;
    else this.init.log.warn(`${s.label}: reply to node ${ev.params.src_id} (tag ${ev.params.tag}) not sent, code ${code}`);
  }
}
