import { codeForRpc, ERROR_DATA_HEADER, ERROR_DATA_OBJECT, isErrorData, type CallParams, type MethodName, type NoParamsOk, type ResultOf, type SetsOf } from '../contract/index.js';
import { ClientError } from './errors.js';
import { subscribeEvents, type StreamedEvent, type SubscribeOptions } from './event-stream.js';
import { parseUrl, postForText } from './http.js';
import { describeTarget, type ClientTarget } from './target.js';
import { VALIDATORS } from './validators.js';

export type { ClientTarget } from './target.js';

/** Params of a call by any name (`cl mi`). */
export type RawParams = unknown[] | Record<string, unknown>;

/** The params of a typed call: optional only for methods with a set without params. */
export type ParamsArg<M extends MethodName> = NoParamsOk<SetsOf<M>> extends true ? [params?: CallParams<SetsOf<M>>] : [params: CallParams<SetsOf<M>>];

export interface CallOptions {
  /** Added to the target's timeout for this call (a call that waits on the node, e.g. `wait_ms`). */
  extraMs?: number;
}

interface RpcErrorBody {
  code: number;
  message: string;
  data?: unknown;
}

/**
 * JSON-RPC 2.0 client for the MI control surface of a node (or of an
 * OpenSIPS mi_http), over its unix socket or `--url`, with node:http. It
 * asks for `error.data` as an object (ERROR_DATA_HEADER), so every error
 * comes back with its string code; an OpenSIPS ignores the header.
 */
export class ControlClient {
  private nextId = 1;

  constructor(readonly target: ClientTarget) {
    if (target.url) parseUrl(target.url);
  }

  /** Calls a method of the contract; the result is checked when the contract types it. */
  call<M extends MethodName>(method: M, ...args: ParamsArg<M>): Promise<ResultOf<M>> {
    return this.callWaiting(method, 0, ...args);
  }

  /** Same, waiting `extraMs` longer than the target's timeout (a call that waits on the node, e.g. `wait_ms`). */
  async callWaiting<M extends MethodName>(method: M, extraMs: number, ...args: ParamsArg<M>): Promise<ResultOf<M>> {
    const result = await this.callRaw(method, args[0] as RawParams | undefined, { extraMs });
    const check = (VALIDATORS as Record<string, ((x: unknown) => unknown) | undefined>)[method];
    return (check ? check(result) : result) as ResultOf<M>;
  }

  /** Calls a method by any name; resolves with `result` unchecked, rejects with a ClientError. */
  async callRaw(method: string, params?: RawParams, opts: CallOptions = {}): Promise<unknown> {
    const req: Record<string, unknown> = { jsonrpc: '2.0', method, id: this.nextId++ };
    if (params !== undefined) req.params = params;
    const timeoutMs = this.target.timeoutMs + (opts.extraMs ?? 0);
    const res = await postForText(this.target, 'mi', JSON.stringify(req), { [ERROR_DATA_HEADER]: ERROR_DATA_OBJECT }, timeoutMs);
    const where = describeTarget(this.target);
    if (res.status !== 200) throw new ClientError('CL_ERR_HTTP', `${where} answered HTTP ${res.status}: ${res.text.trim().slice(0, 200)}`);
    let body: { result?: unknown; error?: RpcErrorBody };
    try {
      body = JSON.parse(res.text) as typeof body;
    } catch (cause) {
      throw new ClientError('CL_ERR_BAD_REPLY', `${where} sent a reply that is not JSON`, { cause });
    }
    if (body.error) throw rpcError(body.error);
    return body.result;
  }

  /** Subscribes to the node's event stream (`POST /events`); see subscribeEvents. */
  events(opts: SubscribeOptions, onEvent: (ev: StreamedEvent) => void): Promise<void> {
    return subscribeEvents(this.target, opts, onEvent);
  }

  /** Kept for callers that close what they open; each call uses its own connection. */
  async close(): Promise<void> {}
}

/** An MI error answer as a ClientError: our code from `error.data` when the node sent one, else from the JSON-RPC code. */
export function rpcError(e: RpcErrorBody): ClientError {
  const structured = isErrorData(e.data) ? e.data : undefined;
  const detail = structured ? structured.detail : typeof e.data === 'string' ? e.data : undefined;
  const code = structured?.code ?? codeForRpc(e.code);
  return new ClientError(code, detail ? `${e.message}: ${detail}` : e.message, { rpcCode: e.code, data: detail });
}

