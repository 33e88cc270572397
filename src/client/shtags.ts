import { hasFields } from './reply-shape.js';
import { asShtagList, asShtagRow, type ShtagRow } from './shtag-row.js';
import { parseTagRef, type TagRef } from '../engine/common/tag-ref.js';
import { ClientError } from './errors.js';

/** JSON-RPC "method not found": the endpoint is not a `cl` node (a real OpenSIPS, say). */
const METHOD_NOT_FOUND = -32601;

interface Caller {
  call(method: string, params?: unknown[] | Record<string, unknown>): Promise<unknown>;
}

const notFound = (err: unknown): boolean => err instanceof ClientError && err.rpcCode === METHOD_NOT_FOUND;
const PLAIN = { Tag: 'string', Cluster: 'number', State: 'string' } as const;

/**
 * `cl_shtag_list`, or on an endpoint without it (OpenSIPS) the standard
 * `clusterer_list_shtags`, whose rows have no Since and Reason ('' then).
 */
export async function listShtags(client: Caller): Promise<ShtagRow[]> {
  try {
    return asShtagList(await client.call('cl_shtag_list'));
  } catch (err) {
    if (!notFound(err)) throw err;
  }
  const rows = await client.call('clusterer_list_shtags');
  if (!Array.isArray(rows) || !rows.every((r) => hasFields(r, PLAIN))) {
    throw new ClientError('CL_ERR_BAD_REPLY', 'clusterer_list_shtags: expected an array of {Tag, Cluster, State}');
  }
  return (rows as { Tag: string; Cluster: number; State: string }[]).map((r) => ({ Tag: r.Tag, Cluster: r.Cluster, State: r.State, Since: '', Reason: '' }));
}

/**
 * `cl_shtag_get`, or on an endpoint without it (OpenSIPS, which has no MI
 * command to read one tag) the tag's row of `clusterer_list_shtags`; a tag
 * that endpoint does not list is an error.
 */
export async function getShtag(client: Caller, tag: string): Promise<ShtagRow> {
  try {
    return asShtagRow(await client.call('cl_shtag_get', [tag]));
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
