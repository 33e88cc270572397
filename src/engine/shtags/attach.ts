import type { Clusterer } from '../cluster/clusterer.js';
import { SR_GROUP } from '../cluster/clusterer.js';
import { SendResult } from '../cluster/send-result.js';
import type { NodeConfig } from '../config/index.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { StatusRegistry } from '../status/registry.js';
import { ShtagManager } from './manager.js';
import { SHTAG_CAPABILITY } from './state-msg.js';
import { SHTAG_EVENT, SHTAG_SR_IDENTIFIER } from './wording.js';

export interface ShtagParts {
  config: NodeConfig;
  cluster: Clusterer;
  events: EventBus;
  status: StatusRegistry;
  log: Logger;
}

/**
 * Builds the node's sharing-tag manager and plugs it into the cluster:
 * SHTAG_ACTIVE and `cl-shtag` packets addressed to us, and NODE UP/DOWN.
 */
export function attachShtags(p: ShtagParts): ShtagManager {
  const cl = p.cluster;
  p.status.identifier(SR_GROUP, SHTAG_SR_IDENTIFIER, 1);
  const mgr = new ShtagManager(
    {
      myId: cl.myId,
      now: () => cl.now(),
      log: p.log,
      hasCluster: (cid) => cl.view(cid) !== undefined,
      remoteNodes: (cid) => [...(cl.view(cid)?.nodes.values() ?? [])].map((n) => n.id),
      reachable: (cid, id) => cl.view(cid)?.isReachable(id) ?? false,
      localEnabled: (cid) => cl.view(cid)?.local.enabled ?? false,
      send: async (cid, dst, frame) => {
        const view = cl.view(cid);
        return view !== undefined && (await cl.route(view, dst, frame)) === SendResult.SENT;
      },
      report: (text) => p.status.report(SR_GROUP, SHTAG_SR_IDENTIFIER, text),
      emit: (params) => p.events.emit(SHTAG_EVENT, params),
    },
    { tags: p.config.sharingTags, policies: p.config.sharingTagPolicies },
  );
  cl.dispatch.onMessage('shtag_active', (view, msg) => mgr.onShtagActive(view.clusterId, msg.tagName, msg.srcId));
  cl.dispatch.onCapability(SHTAG_CAPABILITY, (view, msg) => mgr.onPeerMessage(view.clusterId, msg));
  cl.on.on('node:up', (e) => mgr.onReachability(e.clusterId, e.nodeId, true));
  cl.on.on('node:down', (e) => mgr.onReachability(e.clusterId, e.nodeId, false));
  return mgr;
}
