import { TypedEvents } from '../emitter.js';
import type { ClusterView } from '../topology/index.js';

/** What the cluster layer tells the parts above it. */
export interface ClusterEvents {
  /** A node became reachable (directly or through others): NODE_UP. */
  'node:up': { clusterId: number; nodeId: number };
  /** A node is no longer reachable: NODE_DOWN. */
  'node:down': { clusterId: number; nodeId: number };
  /**
   * Our direct link with a neighbour came Up (capabilities announce themselves then). `caughtUp`: with
   * ls_batch_interval, the neighbour knows every node we know and is not back from the other side of a
   * partition: it had every flooded update we had, and needs only our own states.
   */
  'link:up': { view: ClusterView; nodeId: number; caughtUp: boolean };
  /** A direct link changed state (Up, Down, Probe). */
  'link:state': { clusterId: number; nodeId: number; state: number };
}

export const clusterEvents = (onError?: (name: string, err: unknown) => void): TypedEvents<ClusterEvents> => new TypedEvents<ClusterEvents>(onError);
