import type { Clusterer } from '../cluster/clusterer.js';
import { SR_GROUP } from '../cluster/clusterer.js';
import { SendResult } from '../cluster/send-result.js';
import type { SharingTagConfig, SharingTagPolicyConfig } from '../config/index.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { Part } from '../part.js';
import type { StatusRegistry } from '../status/registry.js';
import { ShtagManager } from './manager.js';
import { SHTAG_CAPABILITY } from './state-msg.js';
import { SHTAG_EVENT, SHTAG_SR_IDENTIFIER } from './wording.js';

/** What the sharing tags use of the node. */
export interface ShtagsComponents {
  cluster: Clusterer;
  events: EventBus;
  status: StatusRegistry;
  log: Logger;
}

export interface ShtagsInit {
  /** `sharing_tag` entries: tags and their state at start-up. */
  tags?: readonly SharingTagConfig[];
  /** `sharing_tag_policy` entries (ours): arbitration per tag. */
  policies?: readonly SharingTagPolicyConfig[];
}

/**
 * The sharing-tag part: the manager, plugged into the cluster (SHTAG_ACTIVE
 * and `cl-shtag` packets addressed to us, node:up/node:down).
 */
export class ShtagsPart implements Part {
  readonly name = 'sharing tags';
  readonly manager: ShtagManager;

  constructor(c: ShtagsComponents, init: ShtagsInit = {}) {
    const cl = c.cluster;
    c.status.identifier(SR_GROUP, SHTAG_SR_IDENTIFIER, 1);
    const mgr = (this.manager = new ShtagManager(
      {
        myId: cl.myId,
        now: () => cl.now(),
        log: c.log,
        hasCluster: (cid) => cl.view(cid) !== undefined,
        remoteNodes: (cid) => [...(cl.view(cid)?.nodes.values() ?? [])].map((n) => n.id),
        reachable: (cid, id) => cl.view(cid)?.isReachable(id) ?? false,
        localEnabled: (cid) => cl.view(cid)?.local.enabled ?? false,
        send: async (cid, dst, frame) => {
          const view = cl.view(cid);
          return view !== undefined && (await cl.route(view, dst, frame)) === SendResult.SENT;
        },
        report: (text) => c.status.report(SR_GROUP, SHTAG_SR_IDENTIFIER, text),
        emit: (params) => c.events.emit(SHTAG_EVENT, params),
      },
      { tags: init.tags ?? [], policies: init.policies ?? [] },
    ));
    cl.dispatch.onMessage('shtag_active', (view, msg) => mgr.onShtagActive(view.clusterId, msg.tagName, msg.srcId));
    cl.dispatch.onCapability(SHTAG_CAPABILITY, (view, msg) => mgr.onPeerMessage(view.clusterId, msg));
    cl.on.on('node:up', (e) => mgr.onReachability(e.clusterId, e.nodeId, true));
    cl.on.on('node:down', (e) => mgr.onReachability(e.clusterId, e.nodeId, false));
  }

  /** Purges tags of clusters the node is not in (known once the cluster part started). */
  start(): void {
    this.manager.start();
  }

  stop(): Promise<void> {
    return this.manager.stop();
  }
}
