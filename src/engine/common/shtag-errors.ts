import { CodedError } from '../errors.js';

/** Stable codes of the sharing-tag layer. */
export const ShtagCode = {
  /** The tag text has no `/` (or no name before it). */
  BAD_FORMAT: 'CL_ERR_SHTAG_BAD_FORMAT',
  /** The part after `/` is not a cluster id. */
  BAD_CLUSTER_ID: 'CL_ERR_SHTAG_BAD_CLUSTER_ID',
  /** The node is not in that cluster. */
  UNKNOWN_CLUSTER: 'CL_ERR_SHTAG_UNKNOWN_CLUSTER',
  /** Only another node's activation moves a tag to backup (OpenSIPS refuses it too). */
  BACKUP_NOT_ALLOWED: 'CL_ERR_SHTAG_BACKUP_NOT_ALLOWED',
} as const;

export type ShtagCode = (typeof ShtagCode)[keyof typeof ShtagCode];

export class ShtagError extends CodedError<ShtagCode> {}
