import type { ColumnNames } from './columns.js';
import type { IssueList } from './errors.js';
import type { ConfigKey } from './keys.js';
import { parseNodeInfo, type LocalNodeInfo, type NodeInfo } from './node-info.js';
import { parseSharingTag, type SharingTagConfig } from './sharing-tag.js';
import { refuseTls } from './tls.js';
import { toList } from './values.js';

export interface Provisioning {
  myNodeId: number | undefined;
  myNodeInfo: NodeInfo[];
  neighborNodeInfo: NodeInfo[];
  clusters: number[];
  sharingTags: SharingTagConfig[];
}

interface Ctx {
  params: Map<ConfigKey, unknown>;
  columns: ColumnNames;
  issues: IssueList;
  warnings: string[];
  /** A `tls` section is set: `bins:` URLs may be used. */
  tls: boolean;
}

/** Parses each entry of a repeatable key; issue keys are `key[i]` for lists, `key` for a single value. */
function each<T>(ctx: Ctx, key: ConfigKey, parse: (v: unknown) => T): Array<{ key: string; value: T }> {
  const raw = ctx.params.get(key);
  if (raw === undefined) return [];
  const out: Array<{ key: string; value: T }> = [];
  toList(raw).forEach((item, i) => {
    const k = Array.isArray(raw) ? `${key}[${i}]` : key;
    try {
      out.push({ key: k, value: parse(item) });
    } catch (err) {
      ctx.issues.addError(k, err);
    }
  });
  return out;
}

/** The local node id: `my_node_id`, or the node_id shared by every my_node_info entry. */
function resolveNodeId(ctx: Ctx, given: number | undefined, locals: Array<{ key: string; value: LocalNodeInfo }>): number | undefined {
  if (given !== undefined) {
    for (const { key, value } of locals) {
      if (value.nodeId !== undefined && value.nodeId !== given) {
        ctx.issues.add(key, `Bad value in 'my_node_info' parameter, node_id: ${value.nodeId} different than 'my_node_id' parameter (${given})`);
      }
    }
    return given;
  }
  if (locals.length === 0) return undefined;
  if (locals.some((l) => l.value.nodeId === undefined)) {
    // A my_node_id that was given but refused has its own issue already.
    if (ctx.issues.items.some((i) => i.key === 'my_node_id')) return undefined;
    ctx.issues.add('my_node_id', "Node ID not defined. Set either the value of the 'node_id' property of 'my_node_info' or set 'my_node_id' parameter");
    return undefined;
  }
  const first = locals[0]!.value.nodeId;
  for (const { key, value } of locals.slice(1)) {
    if (value.nodeId !== first) {
      ctx.issues.add(key, `Bad value in 'my_node_info' parameter, node_id: ${value.nodeId} different than ${first} (the node_id of the first 'my_node_info')`);
    }
  }
  return first;
}

/** db_mode 0: the script defines the local node (per cluster) and the entry-point neighbors. */
function fromScript(ctx: Ctx, givenId: number | undefined): Omit<Provisioning, 'sharingTags'> {
  const locals = each(ctx, 'my_node_info', (v) => refuseTls(parseNodeInfo(v, 'local', ctx.columns), ctx.tls));
  const raw = ctx.params.get('my_node_info');
  if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) {
    ctx.issues.add('my_node_info', 'required when db_mode is 0 (e.g. "cluster_id=1, url=bin:127.0.0.1:5566")');
  }
  const myNodeId = resolveNodeId(ctx, givenId, locals);
  const myNodeInfo: NodeInfo[] = [];
  for (const { key, value } of locals) {
    if (myNodeInfo.some((n) => n.clusterId === value.clusterId)) {
      ctx.issues.add(key, `duplicate my_node_info for cluster ${value.clusterId}`);
    } else if (myNodeId !== undefined) {
      myNodeInfo.push({ ...value, nodeId: myNodeId });
    }
  }
  const clusters = [...new Set(locals.map((l) => l.value.clusterId))].sort((a, b) => a - b);
  const neighborNodeInfo: NodeInfo[] = [];
  for (const { key, value: n } of each(ctx, 'neighbor_node_info', (v) => refuseTls(parseNodeInfo(v, 'neighbor', ctx.columns), ctx.tls))) {
    if (n.nodeId === myNodeId) {
      ctx.issues.add(key, `node_id ${n.nodeId} is the local node's id; a neighbor must be another node`);
    } else if (!clusters.includes(n.clusterId)) {
      ctx.issues.add(key, `current node is not part of cluster ${n.clusterId} (add a my_node_info for cluster ${n.clusterId})`);
    } else if (neighborNodeInfo.some((o) => o.clusterId === n.clusterId && o.nodeId === n.nodeId)) {
      ctx.issues.add(key, `duplicate neighbor: node ${n.nodeId} in cluster ${n.clusterId} is already defined`);
    } else {
      neighborNodeInfo.push(n);
    }
  }
  return { myNodeId, myNodeInfo, neighborNodeInfo, clusters };
}

/** Resolves node and sharing-tag provisioning for the configured db_mode. */
export function resolveProvisioning(
  params: Map<ConfigKey, unknown>, dbMode: 0 | 1, givenId: number | undefined,
  columns: ColumnNames, issues: IssueList, warnings: string[], tls: boolean,
): Provisioning {
  const ctx: Ctx = { params, columns, issues, warnings, tls };
  let nodes: Omit<Provisioning, 'sharingTags'>;
  if (dbMode === 1) {
    if (params.has('my_node_info') || params.has('neighbor_node_info')) {
      warnings.push('Running in db mode, provisioning from the script is ignored');
    }
    nodes = { myNodeId: givenId, myNodeInfo: [], neighborNodeInfo: [], clusters: [] };
  } else {
    nodes = fromScript(ctx, givenId);
  }
  const noLocalInfo = dbMode === 1 || toList(params.get('my_node_info') ?? []).length === 0;
  if (nodes.myNodeId === undefined && !params.has('my_node_id') && noLocalInfo) {
    issues.add('my_node_id', "Invalid 'my_node_id' parameter: not set (it has no default and must be greater than 0)");
  }
  const sharingTags: SharingTagConfig[] = [];
  for (const { key, value: t } of each(ctx, 'sharing_tag', parseSharingTag)) {
    if (sharingTags.some((o) => o.name === t.name && o.clusterId === t.clusterId)) {
      issues.add(key, `duplicate sharing tag ${t.name}/${t.clusterId}`);
    } else if (dbMode === 0 && !nodes.clusters.includes(t.clusterId)) {
      // Same outcome as OpenSIPS at start-up: the tag is dropped, not fatal.
      warnings.push(`cluster id [${t.clusterId}] required by tag <${t.name}> not found, purging tag`);
    } else {
      sharingTags.push(t);
    }
  }
  return { ...nodes, sharingTags };
}
