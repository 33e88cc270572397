import { RpcCode, type ShtagRow } from '../contract/index.js';
import { parseTagRef, type TagRef } from '../engine/common/tag-ref.js';
import type { ControlClient } from './control-client.js';
import { ClientError } from './errors.js';

type Caller = Pick<ControlClient, 'call'>;

/** JSON-RPC "method not found": the endpoint is not a `cl` node (a real OpenSIPS, say). */
const notFound = (err: unknown): boolean => err instanceof ClientError && err.rpcCode === RpcCode.METHOD_NOT_FOUND;

/**
 * `cl_shtag_list`, or on an endpoint without it (OpenSIPS) the standard
 * `clusterer_list_shtags`, whose rows have no Since and Reason ('' then).
 */
export async function listShtags(client: Caller): Promise<ShtagRow[]> {
  try {
    return await client.call('cl_shtag_list');
  } catch (err) {
    if (!notFound(err)) throw err;
  }
  const rows = await client.call('clusterer_list_shtags');
  return rows.map((r) => ({ Tag: r.Tag, Cluster: r.Cluster, State: r.State, Since: '', Reason: '' }));
}

/**
 * `cl_shtag_get`, or on an endpoint without it (OpenSIPS, which has no MI
 * command to read one tag) the tag's row of `clusterer_list_shtags`; a tag
 * that endpoint does not list is an error.
 */
export async function getShtag(client: Caller, tag: string, opts: { create?: boolean } = {}): Promise<ShtagRow> {
  try {
    return await client.call('cl_shtag_get', opts.create === false ? [tag, 0] : [tag]);
  } catch (err) {
    if (!notFound(err)) throw err;
  }
  let ref: TagRef;
  try {
    ref = parseTagRef(tag);
  } catch (err) {
    // What a cl node answers to a bad tag: an MI error with OpenSIPS's text.
    throw new ClientError('CL_ERR_RPC', err instanceof Error ? err.message : String(err), { cause: err });
  }
  const row = (await listShtags(client)).find((r) => r.Tag === ref.name && r.Cluster === ref.clusterId);
  if (!row) throw new ClientError('CL_ERR_RPC', `sharing tag ${tag} is not known to that node (it has no cl_shtag_get to create it)`);
  return row;
}
