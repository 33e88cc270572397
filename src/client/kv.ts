import { KV_NOT_FOUND_CODE, type KvRow } from '../contract/index.js';
import type { ControlClient } from './control-client.js';
import { ClientError } from './errors.js';
import { asKvList } from './validators.js';

/** The cachedb `system` of a collection: `local` (the default collection) or `local:<collection>`. */
export function systemFor(collection: string | undefined): string {
  return collection === undefined ? 'local' : `local:${collection}`;
}

/**
 * The value of `key`, or undefined when the node has none. An OpenSIPS
 * (--url) answers "Value not found" with code 400 and no code of ours;
 * cache_fetch answers 400 for nothing else.
 */
export async function fetchValue(client: ControlClient, key: string, collection?: string): Promise<string | undefined> {
  try {
    return (await client.call('cache_fetch', { system: systemFor(collection), attr: key })).value;
  } catch (err) {
    if (err instanceof ClientError && (err.code === KV_NOT_FOUND_CODE || (err.rpcCode === 400 && err.code === 'CL_ERR_RPC_COMMAND'))) return undefined;
    throw err;
  }
}

export interface ListOptions {
  collection?: string;
  prefix?: string;
  limit?: number;
}

/** `cl_kv_list` with named params, only those given (each combination is one parameter set). */
export async function listEntries(client: ControlClient, o: ListOptions): Promise<KvRow[]> {
  const params: Record<string, string | number> = {};
  if (o.collection !== undefined) params.collection = o.collection;
  if (o.prefix !== undefined) params.prefix = o.prefix;
  if (o.limit !== undefined) params.limit = o.limit;
  return asKvList(await client.callRaw('cl_kv_list', params));
}
