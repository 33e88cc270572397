import type { MethodSpec, ParamSpec } from './params.js';

const I = <N extends string>(name: N) => ({ name, type: 'int' }) as const;
const S = <N extends string>(name: N) => ({ name, type: 'string' }) as const;
const A = <N extends string>(name: N) => ({ name, type: 'array' }) as const;
const P = <N extends string>(name: N) => ({ name, type: 'params' }) as const;
const NONE = [[]] as const;

/**
 * The control surface of a node: every MI method, by its flat (OpenSIPS 3.x)
 * name, with the parameter sets it accepts. The server registers a handler
 * for each (src/engine/control); the client's calls are typed by it. Result
 * types are in ./results.ts.
 */
export const METHODS = {
  // core
  which: { module: 'core', short: 'which', help: 'lists the available MI commands', paramSets: NONE },
  cl_which: { module: 'cl', short: 'which', help: 'lists the available MI commands with the 4.x module:cmd name each one also answers to: [{name, module_cmd}]', paramSets: NONE },
  help: { module: 'core', short: 'help', help: 'prints information about an MI command', paramSets: [[], [S('mi_cmd')]] },
  version: { module: 'core', short: 'version', help: 'prints the version of the running node', paramSets: NONE },
  uptime: { module: 'core', short: 'uptime', help: 'prints the time the node has been running', paramSets: NONE },
  ps: { module: 'core', short: 'ps', help: 'lists the processes of the node', paramSets: NONE },
  get_statistics: { module: 'statistics', short: 'get', help: 'prints the values of the given statistics (names, `module:` groups or `all`)', paramSets: [[A('statistics')]] },
  reset_statistics: { module: 'statistics', short: 'reset', help: 'resets the given counters to zero', paramSets: [[A('statistics')]] },
  list_statistics: { module: 'statistics', short: 'list', help: 'lists the statistics and their modules', paramSets: NONE },
  sr_get_status: { module: 'status_report', short: 'status', help: 'prints the status of one status/report identifier', paramSets: [[S('group')], [S('group'), S('identifier')]] },
  sr_list_status: { module: 'status_report', short: 'list_status', help: 'lists the status of every identifier of a group (or of all groups)', paramSets: [[], [S('group')]] },
  sr_list_reports: { module: 'status_report', short: 'reports', help: 'lists the report history of an identifier (or of every identifier of a group)', paramSets: [[S('group')], [S('group'), S('identifier')]] },
  sr_list_identifiers: { module: 'status_report', short: 'identifiers', help: 'lists the identifiers of a group (or of all groups)', paramSets: [[], [S('group')]] },
  // clusterer
  clusterer_list: { module: 'clusterer', short: 'list', help: 'lists the other nodes of each cluster of this node: URL, link state, state, next hop, description', paramSets: NONE },
  clusterer_list_topology: { module: 'clusterer', short: 'list_topology', help: 'lists the topology as seen by the current node', paramSets: NONE },
  clusterer_set_status: {
    module: 'clusterer',
    short: 'set_status',
    help: 'sets the status (0 disabled, 1 enabled) of the local node or of a remote node in a cluster',
    paramSets: [[I('cluster_id'), I('status')], [I('cluster_id'), I('node_id'), I('status')]],
  },
  clusterer_remove_node: { module: 'clusterer', short: 'remove_node', help: 'removes a node from the cluster topology of every node (db_mode 0)', paramSets: [[I('cluster_id'), I('node_id')]] },
  clusterer_reload: { module: 'clusterer', short: 'reload', help: 'reloads the node provisioning (db_mode 0: the node info of the configuration file)', paramSets: NONE },
  cluster_check_addr: {
    module: 'clusterer',
    short: 'check_addr',
    help: 'tells whether an IP address belongs to a node of the cluster (addr_type sip or bin)',
    paramSets: [[I('cluster_id'), S('ip')], [I('cluster_id'), S('ip'), S('addr_type')]],
  },
  // capabilities
  clusterer_list_cap: { module: 'clusterer', short: 'list_cap', help: 'lists the capabilities of the node per cluster: synced ("Ok") or not, enabled or not', paramSets: NONE },
  clusterer_set_cap_status: {
    module: 'clusterer',
    short: 'set_cap_status',
    help: 'enables (1) or disables (0) a capability: disabled, it neither sends nor accepts replication and is never a donor',
    paramSets: [[I('cluster_id'), S('capability'), I('status')]],
  },
  cl_cap_list: { module: 'cl', short: 'cap_list', help: 'lists the capabilities with sync status, donor, records received/expected and the synced nodes', paramSets: NONE },
  cl_cap_sync: { module: 'cl', short: 'cap_sync', help: 'asks a donor for the full data set of a capability now (a resync); returns what happened', paramSets: [[I('cluster_id'), S('capability')]] },
  cl_cap_owner: { module: 'cl', short: 'cap_owner', help: 'the node that owns a key of a capability (rendezvous hashing over its synced, reachable nodes)', paramSets: [[I('cluster_id'), S('capability'), S('key')]] },
  cl_route: { module: 'cl', short: 'route', help: 'explains the route to a node: path, hops, link states and why this next hop won', paramSets: [[I('cluster_id'), I('node_id')]] },
  // sharing tags
  clusterer_list_shtags: { module: 'clusterer', short: 'list_shtags', help: 'lists the sharing tags and their states', paramSets: NONE },
  clusterer_shtag_set_active: { module: 'clusterer', short: 'shtag_set_active', help: 'sets a sharing tag (name/cluster_id) active and tells the other nodes of the cluster', paramSets: [[S('tag')]] },
  cl_shtag_get: {
    module: 'cl',
    short: 'shtag_get',
    help: 'state of a sharing tag (name/cluster_id) with since when and why; an unknown tag is created as backup (Created: true), unless create is 0',
    paramSets: [[S('tag')], [S('tag'), I('create')]],
  },
  cl_shtag_list: { module: 'cl', short: 'shtag_list', help: 'lists the sharing tags with state, since when and why', paramSets: NONE },
  cl_shtag_set: { module: 'cl', short: 'shtag_set', help: 'sets a sharing tag to a state; only "active" is allowed (backup comes from another node activating it)', paramSets: [[S('tag'), S('state')]] },
  // messages
  cluster_send_req: {
    module: 'cl',
    short: 'send_req',
    help: 'sends a request (GENERIC_MSG) to a node; returns the script code and the tag; with wait_ms, also the reply',
    paramSets: [[I('cluster_id'), I('dst_id'), S('msg')], [I('cluster_id'), I('dst_id'), S('msg'), I('wait_ms')]],
  },
  cluster_send_rpl: { module: 'cl', short: 'send_rpl', help: 'sends a reply (GENERIC_MSG) carrying the tag of the request it answers', paramSets: [[I('cluster_id'), I('dst_id'), S('msg'), S('tag')]] },
  cluster_broadcast_req: {
    module: 'cl',
    short: 'broadcast_req',
    help: 'sends a request to every node (include_self: raise it locally too); with wait_ms, collects the replies',
    paramSets: [[I('cluster_id'), S('msg')], [I('cluster_id'), S('msg'), I('include_self')], [I('cluster_id'), S('msg'), I('include_self'), I('wait_ms')]],
  },
  cluster_send_mi: {
    module: 'clusterer',
    short: 'send_mi',
    help: 'runs an MI command on another node (MI_CMD); "OK" means sent, the result stays on that node',
    paramSets: [[I('cluster_id'), I('destination'), S('cmd_name')], [I('cluster_id'), I('destination'), S('cmd_name'), A('cmd_params')]],
  },
  cluster_broadcast_mi: {
    module: 'clusterer',
    short: 'broadcast_mi',
    help: 'runs an MI command on every node (MI_CMD) and locally; returns the local result',
    paramSets: [[I('cluster_id'), S('cmd_name')], [I('cluster_id'), S('cmd_name'), A('cmd_params')]],
  },
  cl_send_mi: {
    module: 'cl',
    short: 'mi_send',
    help: "runs an MI command on a node and returns that node's result (cl peers; other peers: sent-only); params may be named",
    paramSets: [
      [I('cluster_id'), I('destination'), S('cmd_name')],
      [I('cluster_id'), I('destination'), S('cmd_name'), P('cmd_params')],
      [I('cluster_id'), I('destination'), S('cmd_name'), P('cmd_params'), I('timeout_ms')],
    ],
  },
  cl_broadcast_mi: {
    module: 'cl',
    short: 'mi_broadcast',
    help: 'runs an MI command on every node and locally; returns every node\'s result ("sent" for peers that are not cl nodes)',
    paramSets: [[I('cluster_id'), S('cmd_name')], [I('cluster_id'), S('cmd_name'), P('cmd_params')], [I('cluster_id'), S('cmd_name'), P('cmd_params'), I('timeout_ms')]],
  },
  cl_status: {
    module: 'cl',
    short: 'status',
    help: "one view of the node: identity, uptime, clusters, links (state, next hop, last pong), sharing tags, recent events",
    paramSets: NONE,
  },
  cl_peers: { module: 'cl', short: 'peers', help: 'lists the peers known to be cl nodes (they return remote MI results), per cluster', paramSets: NONE },
  // key-value store (cachedb_local); system is "local" (the default collection) or "local:<collection>"
  cache_store: {
    module: 'core',
    short: 'cache_store',
    help: 'stores in a cache system a string value (expire: seconds, 0 = never)',
    paramSets: [[S('system'), S('attr'), S('value')], [S('system'), S('attr'), S('value'), I('expire')]],
  },
  cache_fetch: { module: 'core', short: 'cache_fetch', help: 'queries for a cache stored value', paramSets: [[S('system'), S('attr')]] },
  cache_remove: { module: 'core', short: 'cache_remove', help: 'removes a record from the cache system', paramSets: [[S('system'), S('attr')]] },
  cache_remove_chunk: {
    module: 'cachedb_local',
    short: 'cache_remove_chunk',
    help: 'removes every key of a collection (default: default) that matches a glob; not replicated',
    paramSets: [[S('glob')], [S('glob'), S('collection')]],
  },
  cl_kv_put: {
    module: 'cl',
    short: 'kv_put',
    help: 'stores an entry; with replicated N answers only once N other synced cl nodes confirmed they applied it (timeout: ms to wait, default 2000), else an error (the entry stays stored here); returns {key, confirmed}',
    paramSets: [
      [S('key'), S('value')],
      [S('key'), S('value'), S('collection')],
      [S('key'), S('value'), I('ttl')],
      [S('key'), S('value'), I('replicated')],
      [S('key'), S('value'), I('timeout')],
      [S('key'), S('value'), S('collection'), I('ttl')],
      [S('key'), S('value'), S('collection'), I('replicated')],
      [S('key'), S('value'), S('collection'), I('timeout')],
      [S('key'), S('value'), I('ttl'), I('replicated')],
      [S('key'), S('value'), I('ttl'), I('timeout')],
      [S('key'), S('value'), I('replicated'), I('timeout')],
      [S('key'), S('value'), S('collection'), I('ttl'), I('replicated')],
      [S('key'), S('value'), S('collection'), I('ttl'), I('timeout')],
      [S('key'), S('value'), S('collection'), I('replicated'), I('timeout')],
      [S('key'), S('value'), I('ttl'), I('replicated'), I('timeout')],
      [S('key'), S('value'), S('collection'), I('ttl'), I('replicated'), I('timeout')],
    ],
  },
  cl_kv_put_many: { module: 'cl', short: 'kv_put_many', help: 'stores many entries [{key, value, ttl?, collection?}] at once (all or none); returns {stored}', paramSets: [[P('entries')]] },
  cl_kv_add: {
    module: 'cl',
    short: 'kv_add',
    help: 'adds delta (negative: subtracts) to an integer counter and replicates its new value; a missing key starts at 0 and takes ttl; returns {key, value}',
    paramSets: [[S('key'), I('delta')], [S('key'), I('delta'), S('collection')], [S('key'), I('delta'), I('ttl')], [S('key'), I('delta'), S('collection'), I('ttl')]],
  },
  cl_kv_list: {
    module: 'cl',
    short: 'kv_list',
    help: 'lists the live entries of a collection (default: default) in key order: [{key, value, expires}], expires in ms since the epoch, 0 = never',
    paramSets: [
      [], [S('collection')], [S('prefix')], [I('limit')],
      [S('collection'), S('prefix')], [S('collection'), I('limit')], [S('prefix'), I('limit')],
      [S('collection'), S('prefix'), I('limit')],
    ],
  },
} as const satisfies Record<string, MethodSpec>;

export type MethodName = keyof typeof METHODS;
export type SetsOf<M extends MethodName> = (typeof METHODS)[M]['paramSets'];

export const isMethodName = (name: string): name is MethodName => Object.prototype.hasOwnProperty.call(METHODS, name);

/** The parameter sets of a method as plain specs (for servers that check params at run time). */
export const paramSetsOf = (m: MethodName): readonly (readonly ParamSpec[])[] => METHODS[m].paramSets;
