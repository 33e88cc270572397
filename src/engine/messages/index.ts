/** Script-level messaging (GENERIC_MSG) and remote MI (MI_CMD and the cl-mi extension), wired onto a node. */
import type { Clock } from '../clock.js';
import type { ClusterApi } from '../cluster/api.js';
import type { Clusterer } from '../cluster/clusterer.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { Part } from '../part.js';
import { ClPeers } from './cl-peers.js';
import { CAP_HELLO, CAP_MI } from './ext-wire.js';
import { Messenger } from './messenger.js';
import { MiReceiver } from './mi-receiver.js';
import { RemoteMi, type RunMi } from './remote-mi.js';

export { Messenger, CODE_TEXT, type ScriptCode, type SendOutcome, type BroadcastOutcome } from './messenger.js';
export { RemoteMi, FAILED, positionalStrings, type NodeMiResult, type NodeMiStatus, type MiOutcome, type MiFailure, type RunMi } from './remote-mi.js';
export { ClPeers } from './cl-peers.js';
export type { Reply } from './replies.js';
export { newTag, isGeneratedTag } from './tag.js';

/** What messaging uses of the node. */
export interface MessagingComponents {
  cluster: Clusterer;
  api: ClusterApi;
  events: EventBus;
  clock: Clock;
  log: Logger;
}

export interface MessagingInit {
  /** Runs an MI command of this node (remote MI requests end up here). */
  runLocal: RunMi;
  /** Announced to other cl nodes, e.g. `cl 0.1.0`. */
  software: string;
}

/** Events raised for GENERIC_MSG requests and replies (cluster_send_req & co.). */
export const REQ_EVENT = 'E_CLUSTERER_REQ_RECEIVED';
export const RPL_EVENT = 'E_CLUSTERER_RPL_RECEIVED';

/** What the control methods and the library use of messaging. */
export interface Messaging {
  messenger: Messenger;
  remote: RemoteMi;
  peers: ClPeers;
}

/**
 * The messaging part: GENERIC_MSG (cluster_send_req & co.), remote MI
 * (MI_CMD and our cl-mi) and the cl-hello announcement, plugged into the
 * cluster's dispatch and its node:up/node:down events.
 */
export class MessagingPart implements Part, Messaging {
  readonly name = 'messaging';
  readonly messenger: Messenger;
  readonly remote: RemoteMi;
  readonly peers: ClPeers;

  constructor(c: MessagingComponents, init: MessagingInit) {
    const { cluster, api, events, clock, log } = c;
    this.messenger = new Messenger({ api, cluster, events, log, clock });
    const peers = (this.peers = new ClPeers({ api, log, software: init.software }));
    this.remote = new RemoteMi({ api, cluster, peers, log, runLocal: init.runLocal, clock });
    const mi = new MiReceiver({ api, log, remote: this.remote, runLocal: init.runLocal });
    cluster.dispatch.onMessage('mi_cmd', (view, msg) => mi.onMiCmd(view, msg));
    cluster.dispatch.onMessage('generic_msg', (view, msg) =>
      events.emit(msg.reqLike ? REQ_EVENT : RPL_EVENT, { cluster_id: view.clusterId, src_id: msg.srcId, msg: msg.msg, tag: msg.tag }),
    );
    cluster.dispatch.onCapability(CAP_MI, (view, msg) => mi.onClMi(view, msg));
    cluster.dispatch.onCapability(CAP_HELLO, (_view, msg) => peers.onHello(msg));
    cluster.on.on('node:up', (e) => peers.onReachability(e.clusterId, e.nodeId, true));
    cluster.on.on('node:down', (e) => peers.onReachability(e.clusterId, e.nodeId, false));
  }

  /** Ends every pending wait (node stopping). */
  stop(): void {
    this.messenger.stop();
    this.remote.stop();
  }
}
