import { DEFAULTS } from '../config/defaults.js';
import type { NodeConfig } from '../config/index.js';
import type { NodeInfo } from '../config/node-info.js';
import type { BinUrl } from '../config/url.js';
import type { Logger } from '../log.js';
import type { Endpoint } from '../transport/transport.js';
import { withDb, type OpenOptions } from './driver.js';
import { DbError } from './errors.js';
import { loadNodes, type DbProvisioning } from './load.js';
import { NodeTable } from './table.js';

export interface ProvisionerInit {
  config: Pick<NodeConfig, 'dbUrl' | 'dbTable' | 'columns' | 'myNodeId'> & { tls?: NodeConfig['tls'] };
  log: Logger;
  open?: OpenOptions;
}

/**
 * The node's side of db_mode 1: reads the clusterer table at start and on
 * `clusterer_reload`, and writes node states back (persistent_mode). Each
 * operation uses its own short-lived connection, so a database that restarts
 * in between is no concern.
 */
export class DbProvisioner {
  readonly url: string;

  constructor(private readonly init: ProvisionerInit) {
    // parseConfig defaults db_url in db_mode 1; the fallback only guards direct library use.
    this.url = init.config.dbUrl ?? DEFAULTS.dbUrl;
  }

  /** Loads this node's clusters. Throws DbError (CL_ERR_DB) naming the URL, password hidden. */
  async load(): Promise<DbProvisioning> {
    const { dbTable, columns, myNodeId } = this.init.config;
    const prov = await withDb(this.url, this.init.open ?? {}, (db) => loadNodes(db, dbTable, columns, myNodeId, (this.init.config.tls ?? null) !== null));
    const log = this.init.log;
    for (const r of prov.rejected) log.error(`skipping row id ${String(r.id)} of table ${dbTable}: ${r.reason}`);
    if (prov.myNodeInfo.length === 0) log.warn(`Current node does not belong to any cluster (no row with node_id ${myNodeId} in table ${dbTable})`);
    return prov;
  }

  /**
   * persistent_mode: stores a state set with clusterer_set_status. `nodeId`
   * undefined or the local id: every row of the local node (OpenSIPS keys
   * that update by node_id only); otherwise the row (node_id, cluster_id).
   */
  async saveState(clusterId: number, nodeId: number | undefined, enabled: boolean): Promise<void> {
    const { dbTable, columns, myNodeId } = this.init.config;
    const local = nodeId === undefined || nodeId === myNodeId;
    const id = local ? myNodeId : nodeId;
    const n = await withDb(this.url, this.init.open ?? {}, (db) => new NodeTable(db, dbTable, columns).setState(id, local ? undefined : clusterId, enabled));
    const what = local ? `local node ${id}` : `node ${id} in cluster ${clusterId}`;
    if (n === 0) this.init.log.warn(`persistent_mode: no row of table ${dbTable} for ${what}; state not stored`);
    else this.init.log.info(`persistent_mode: stored state ${enabled ? 1 : 0} for ${what}`);
  }
}

const listens = (s: BinUrl, n: NodeInfo): boolean => s.proto === n.proto && s.port === n.port && (s.host === n.host || s.host === '0.0.0.0');

/**
 * The BIN listeners of a db_mode 1 node: the configured `socket` entries, or
 * else the URLs of the local node's rows. A configured socket must serve
 * every local URL (OpenSIPS: "Invalid info for local node").
 */
export function listenersFor(socket: readonly BinUrl[], locals: readonly NodeInfo[]): Endpoint[] {
  if (socket.length > 0) {
    for (const n of locals) {
      if (!socket.some((s) => listens(s, n))) {
        throw new DbError(`Invalid info for local node (cluster ${n.clusterId}): url ${n.url} is not a local socket (no 'socket' listener matches it)`);
      }
    }
    return socket.map((s) => ({ host: s.host, port: s.port, ...(s.proto === 'bins' ? { tls: true } : {}) }));
  }
  const out: Endpoint[] = [];
  for (const n of locals) if (!out.some((e) => e.host === n.host && e.port === n.port)) out.push({ host: n.host, port: n.port, ...(n.proto === 'bins' ? { tls: true } : {}) });
  return out;
}
