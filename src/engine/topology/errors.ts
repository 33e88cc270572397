import { ClError } from '../errors.js';

/** Misuse of the topology database (bad node ids, limits); protocol input never throws. */
export class TopologyError extends ClError {}

export const nodeExists = (clusterId: number, nodeId: number): TopologyError =>
  new TopologyError('CL_ERR_NODE_EXISTS', `node ${nodeId} is already defined in cluster ${clusterId}`);

export const nodeIsLocal = (clusterId: number, nodeId: number): TopologyError =>
  new TopologyError('CL_ERR_NODE_IS_LOCAL', `node ${nodeId} is the local node of cluster ${clusterId}`);

export const tooManyNodes = (clusterId: number, max: number): TopologyError =>
  new TopologyError('CL_ERR_TOO_MANY_NODES', `cluster ${clusterId} cannot have more than ${max} remote nodes`);
