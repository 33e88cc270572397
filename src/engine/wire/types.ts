/**
 * Decoded clusterer messages. Field order and meaning follow the OpenSIPS
 * clusterer wire protocol; integer flags that are `i32` on the wire are kept
 * as numbers so that every packet re-encodes to the identical bytes.
 */

/** Trailer of routable (`clusterer-extra` and module) packets: the last 12 bytes. */
export interface Trailer {
  clusterId: number;
  srcId: number;
  dstId: number;
}

export interface PingMsg {
  kind: 'ping';
  clusterId: number;
  srcId: number;
  /** 1 = "send me your node list in the PONG", 0 = keep-alive. */
  reqNodeList: number;
}

export interface PongMsg {
  kind: 'pong';
  clusterId: number;
  srcId: number;
  nodeIds: number[];
}

export interface LsUpdateMsg {
  kind: 'ls_update';
  clusterId: number;
  srcId: number;
  seq: number;
  timestamp: number;
  neighbourId: number;
  /** 0 = Up, 1 = Down. */
  state: number;
  path: number[];
}

export interface NodeDescription {
  url: string;
  sipAddr: string;
  priority: number;
  noPingRetries: number;
}

export interface TopEntry {
  nodeId: number;
  /** Present iff has_description = 1 on the wire. */
  description?: NodeDescription;
  lsSeq: number;
  lsTimestamp: number;
  neighbours: number[];
}

export interface FullTopUpdateMsg {
  kind: 'full_top_update';
  clusterId: number;
  srcId: number;
  seq: number;
  timestamp: number;
  entries: TopEntry[];
  path: number[];
}

export interface UnknownIdMsg {
  kind: 'unknown_id';
  clusterId: number;
  srcId: number;
}

export interface NodeDescriptionMsg extends NodeDescription {
  kind: 'node_description';
  clusterId: number;
  srcId: number;
  path: number[];
}

export interface CapState {
  name: string;
  /** 1 = synced/OK, 0 = not OK. */
  state: number;
}

export interface CapNodeBlock {
  nodeId: number;
  caps: CapState[];
}

export interface CapUpdateMsg {
  kind: 'cap_update';
  clusterId: number;
  srcId: number;
  seq: number;
  timestamp: number;
  nodes: CapNodeBlock[];
  requireReply: number;
  path: number[];
}

export interface RemoveNodeMsg extends Trailer {
  kind: 'remove_node';
  targetId: number;
}

export interface GenericMsg extends Trailer {
  kind: 'generic_msg';
  /** 1 = request, 0 = reply. */
  reqLike: number;
  tag: string;
  msg: string;
}

export interface MiCmdMsg extends Trailer {
  kind: 'mi_cmd';
  cmdName: string;
  params: string[];
}

export interface SyncReqMsg extends Trailer {
  kind: 'sync_req';
  capability: string;
}

export interface SyncMsg extends Trailer {
  kind: 'sync';
  capability: string;
  dataVersion: number;
  /** Raw chunk data, without the length and marker words (decoded: views into the packet, read them while it is handled). */
  chunks: Buffer[];
}

export interface SyncEndMsg extends Trailer {
  kind: 'sync_end';
  capability: string;
  totalChunks: number;
}

export interface ShtagActiveMsg extends Trailer {
  kind: 'shtag_active';
  tagName: string;
}

/** A packet of a module capability (e.g. `cachedb-local-repl`): opaque payload + trailer. */
export interface ModuleMsg extends Trailer {
  kind: 'module';
  capability: string;
  version: number;
  type: number;
  payload: Buffer;
}

export type InternalMsg =
  | PingMsg
  | PongMsg
  | LsUpdateMsg
  | FullTopUpdateMsg
  | UnknownIdMsg
  | NodeDescriptionMsg
  | CapUpdateMsg;

export type ExtraMsg =
  | RemoveNodeMsg
  | GenericMsg
  | MiCmdMsg
  | SyncReqMsg
  | SyncMsg
  | SyncEndMsg
  | ShtagActiveMsg;

export type ClusterMsg = InternalMsg | ExtraMsg | ModuleMsg;
export type MsgKind = ClusterMsg['kind'];
