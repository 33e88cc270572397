/**
 * `cl-sync`: what a `cl` donor tells a `cl` requester beside the standard
 * SYNC packets, so that a sync is verifiable (OpenSIPS drops packets of a
 * capability it has not registered without a word, reference §10.6):
 *
 * - BEGIN (type 1): str capability, u32 records the donor expects to send
 *   (its data set when the stream starts), i32 flags (bit 0: merge).
 * - END (type 2), sent just before SYNC_END: str capability, u32 chunks
 *   sent, str digest (hex SHA-1 over the chunk bytes of every SYNC packet, in order).
 */
import { BinReader, BinWriter, WireCode, WireError, encodeMessage, type ModuleMsg, type Trailer } from '../wire/index.js';

export const CAP_SYNC_EXT = 'cl-sync';
export const SYNC_EXT_VERSION = 1;
const BEGIN = 1;
const END = 2;
const FLAG_MERGE = 1;

export type SyncExt =
  | { type: 'begin'; capability: string; expected: number; merge: boolean }
  | { type: 'end'; capability: string; chunks: number; digest: string };

export function encodeSyncExt(m: SyncExt, t: Trailer): Buffer {
  const w = new BinWriter(64).str(m.capability);
  if (m.type === 'begin') w.u32(m.expected).i32(m.merge ? FLAG_MERGE : 0);
  else w.u32(m.chunks).str(m.digest);
  return encodeMessage({ kind: 'module', capability: CAP_SYNC_EXT, version: SYNC_EXT_VERSION, type: m.type === 'begin' ? BEGIN : END, payload: w.finish(), ...t });
}

/** Throws WireError on anything malformed. */
export function decodeSyncExt(m: ModuleMsg): SyncExt {
  if (m.version !== SYNC_EXT_VERSION) throw new WireError(WireCode.BAD_VERSION, `${CAP_SYNC_EXT} version ${m.version}, need ${SYNC_EXT_VERSION}`);
  const r = new BinReader(m.payload);
  const capability = r.str('cl-sync capability');
  let out: SyncExt;
  if (m.type === BEGIN) out = { type: 'begin', capability, expected: r.u32('cl-sync expected'), merge: (r.i32('cl-sync flags') & FLAG_MERGE) !== 0 };
  else if (m.type === END) out = { type: 'end', capability, chunks: r.u32('cl-sync chunks'), digest: r.str('cl-sync digest') };
  else throw new WireError(WireCode.UNKNOWN_TYPE, `${CAP_SYNC_EXT} type ${m.type} is unknown`);
  r.expectEnd(`${CAP_SYNC_EXT} ${out.type}`);
  return out;
}
