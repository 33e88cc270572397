import { ClError } from '../errors.js';

/** Database unreachable, table missing or unreadable, bad local row: the node cannot be provisioned. */
export const DB_ERROR_CODE = 'CL_ERR_DB';

export class DbError extends ClError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(DB_ERROR_CODE, message, options);
  }
}

/** A value the caller passed breaks a rule of the clusterer table; the CLI treats it as a usage error (exit 2). */
export const INVALID_ARGUMENT_CODE = 'CL_ERR_INVALID_ARGUMENT';

/** A row the operator asked for breaks a rule (id ≤ 0, bad URL, …). */
export class RowValueError extends ClError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(INVALID_ARGUMENT_CODE, problems.join('; '));
    this.problems = [...problems];
  }
}

/** `cl db node add` of a (cluster_id, node_id) that already has a row. */
export class DuplicateNodeError extends ClError {
  constructor(clusterId: number, nodeId: number, rowId: number) {
    super('CL_ERR_DB_DUPLICATE', `node ${nodeId} is already defined in cluster ${clusterId} (row id ${rowId})`);
  }
}

/** `cl db node remove` of a row that does not exist. */
export class NodeNotFoundError extends ClError {
  constructor(clusterId: number, nodeId: number) {
    super('CL_ERR_DB_NOT_FOUND', `no row for node ${nodeId} in cluster ${clusterId}`);
  }
}
