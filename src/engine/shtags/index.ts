/** Sharing tags (active/backup ownership), OpenSIPS-compatible, with optional arbitration policies. */
export { ShtagsPart, type ShtagsComponents, type ShtagsInit } from './part.js';
export { ShtagManager, type ShtagComponents, type ShtagInit } from './manager.js';
export { ShtagTable, type TableEnv, type TableInit } from './table.js';
export { ShtagError, ShtagCode } from '../common/shtag-errors.js';
export { parseTagRef, tagKey, type TagRef } from '../common/tag-ref.js';
export type { TagView, ShtagEffect } from './tag.js';
export { keepsTag, shouldTakeOver, policyFlags, policyFromFlags, OPENSIPS_POLICY, MAX_CONFLICT_ROUNDS, CONFLICT_WINDOW_MS, type TagPolicy } from './policy.js';
export { SHTAG_CAPABILITY, SHTAG_CAP_VERSION, ShtagMsgType, encodeStatePayload, decodeStatePayload, stateFrame, shtagActiveFrame, type PeerTagState } from './state-msg.js';
export {
  SHTAG_EVENT, SHTAG_SR_IDENTIFIER, Reason, InitialReason, OPENSIPS_REASON_MAX,
  broadcastReason, takeoverReason, reportText, eventParams, type ShtagState,
} from './wording.js';
