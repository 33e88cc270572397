/**
 * Packets of our own module capabilities. OpenSIPS drops packets of a
 * capability it has not registered without a word (reference §10.6), so a
 * `cl` node can say more to other `cl` nodes without disturbing OpenSIPS peers.
 *
 * - `cl-hello` HELLO: str software, i32 flags (bit 0: please answer with a HELLO).
 * - `cl-mi` REQ: u32 id, str cmd_name, str params (JSON array/object, "" = none).
 * - `cl-mi` REPLY: u32 id, i32 ok (1/0), str body (JSON result, or `{code,message,data}`).
 */
import { BinReader, BinWriter, MAX_STR, WireCode, WireError, encodeMessage, type ModuleMsg, type Trailer } from '../wire/index.js';

export const CAP_HELLO = 'cl-hello';
export const CAP_MI = 'cl-mi';
export const EXT_VERSION = 1;
export const HELLO_TYPE = 1;
export const MI_REQ_TYPE = 1;
export const MI_REPLY_TYPE = 2;
export const HELLO_WANT_ANSWER = 1;

/** Room left for the JSON body of a reply in one packet (65515 minus header, ids and trailer, rounded down). */
export const MAX_MI_BODY = 65_000;

export interface Hello {
  software: string;
  wantAnswer: boolean;
}

export interface MiRequest {
  id: number;
  cmdName: string;
  /** JSON text of the params, "" for none. */
  params: string;
}

export interface MiReply {
  id: number;
  ok: boolean;
  /** JSON text of the result or of the error object. */
  body: string;
}

function modulePacket(capability: string, type: number, payload: Buffer, t: Trailer): Buffer {
  return encodeMessage({ kind: 'module', capability, version: EXT_VERSION, type, payload, ...t });
}

export function encodeHello(h: Hello, t: Trailer): Buffer {
  return modulePacket(CAP_HELLO, HELLO_TYPE, new BinWriter(64).str(h.software).i32(h.wantAnswer ? HELLO_WANT_ANSWER : 0).finish(), t);
}

export function decodeHello(m: ModuleMsg): Hello {
  checkVersion(m, HELLO_TYPE);
  const r = new BinReader(m.payload);
  const software = r.str('hello software');
  const flags = r.i32('hello flags');
  return { software, wantAnswer: (flags & HELLO_WANT_ANSWER) !== 0 };
}

export function encodeMiRequest(q: MiRequest, t: Trailer): Buffer {
  return modulePacket(CAP_MI, MI_REQ_TYPE, new BinWriter(64 + q.params.length).u32(q.id).str(q.cmdName).str(q.params).finish(), t);
}

export function encodeMiReply(p: MiReply, t: Trailer): Buffer {
  return modulePacket(CAP_MI, MI_REPLY_TYPE, new BinWriter(16 + p.body.length).u32(p.id).i32(p.ok ? 1 : 0).str(p.body).finish(), t);
}

/** Decodes a `cl-mi` packet; throws WireError on anything malformed. */
export function decodeMi(m: ModuleMsg): ({ type: 'req' } & MiRequest) | ({ type: 'reply' } & MiReply) {
  if (m.version !== EXT_VERSION) throw new WireError(WireCode.BAD_VERSION, `${m.capability} version ${m.version}, need ${EXT_VERSION}`);
  const r = new BinReader(m.payload);
  const id = r.u32('mi id');
  if (m.type === MI_REQ_TYPE) {
    const out = { type: 'req' as const, id, cmdName: r.str('mi cmd_name'), params: r.str('mi params') };
    r.expectEnd('cl-mi request');
    return out;
  }
  if (m.type === MI_REPLY_TYPE) {
    const out = { type: 'reply' as const, id, ok: r.i32('mi ok') === 1, body: r.str('mi body') };
    r.expectEnd('cl-mi reply');
    return out;
  }
  throw new WireError(WireCode.UNKNOWN_TYPE, `type ${m.type} is not a cl-mi message`);
}

function checkVersion(m: ModuleMsg, type: number): void {
  if (m.version !== EXT_VERSION) throw new WireError(WireCode.BAD_VERSION, `${m.capability} version ${m.version}, need ${EXT_VERSION}`);
  if (m.type !== type) throw new WireError(WireCode.UNKNOWN_TYPE, `type ${m.type} is not a ${m.capability} message`);
}

/** A JSON body that fits one packet: oversized results are replaced by an error saying so. */
export function fitBody(ok: boolean, body: string): { ok: boolean; body: string } {
  const size = Buffer.byteLength(body);
  if (size <= MAX_MI_BODY && size <= MAX_STR) return { ok, body };
  return { ok: false, body: JSON.stringify({ code: 500, message: 'Result too large for one packet', data: `${size} bytes of JSON, at most ${MAX_MI_BODY}` }) };
}
