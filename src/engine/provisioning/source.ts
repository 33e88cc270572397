import type { NodeConfig } from '../config/index.js';
import type { Logger } from '../log.js';
import type { Part } from '../part.js';
import type { Endpoint } from '../transport/types.js';
import type { NodeInfoSet } from '../cluster/reconcile.js';
import { DbProvisioner, listenersFor } from './provisioner.js';

/**
 * Where a node's clusters and neighbours come from: the configuration
 * (db_mode 0) or the clusterer table (db_mode 1, read when the part starts
 * and on every reload).
 */
export interface NodeInfoSource extends Part {
  /** The node infos of the start-up (valid once started). */
  current(): NodeInfoSet;
  /** Re-reads them for `clusterer_reload`; absent when the node cannot reload. */
  reload?(): Promise<NodeInfoSet>;
  /** persistent_mode (db_mode 1): stores a state set with clusterer_set_status. */
  persistState?(clusterId: number, nodeId: number | undefined, enabled: boolean): Promise<void>;
}

export interface NodeInfoSourceInit {
  config: NodeConfig;
  /** db_mode 0: re-reads the configuration file for `clusterer_reload`. */
  reloadConfig?: () => Promise<NodeConfig>;
  /** The BIN listeners; db_mode 1 fills them at start from the local node's rows (unless `socket` is set). */
  listen: Endpoint[];
  log: Logger;
}

export function nodeInfoSource(init: NodeInfoSourceInit): NodeInfoSource {
  const { config, reloadConfig } = init;
  if (config.dbMode !== 1) {
    return {
      name: 'provisioning',
      current: () => config,
      ...(reloadConfig ? { reload: reloadConfig } : {}),
    };
  }
  const db = new DbProvisioner({ config, log: init.log });
  let loaded: NodeInfoSet = { myNodeInfo: [], neighborNodeInfo: [] };
  return {
    name: 'provisioning',
    async start() {
      // Throws CL_ERR_DB naming the URL: the node does not start without its table.
      const prov = await db.load();
      init.listen.splice(0, init.listen.length, ...listenersFor(config.socket, prov.myNodeInfo));
      loaded = prov;
    },
    current: () => loaded,
    reload: () => db.load(),
    ...(config.persistentMode ? { persistState: (cid: number, nid: number | undefined, enabled: boolean) => db.saveState(cid, nid, enabled) } : {}),
  };
}
