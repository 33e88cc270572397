import { RpcCode } from '../contract/index.js';
import type { ControlClient } from './control-client.js';
import { ClientError } from './errors.js';

/** A method an endpoint offers: its name as `which` lists it and its 4.x `module:cmd` name (null when the endpoint does not say). */
export interface MethodRow {
  name: string;
  module_cmd: string | null;
}

/**
 * The methods of an endpoint with their 4.x names: `cl_which` on a cl node;
 * elsewhere (an OpenSIPS through --url) the names of `which`, with the
 * `module:cmd` name only where `which` lists one.
 */
export async function listMethods(client: Pick<ControlClient, 'call'>): Promise<MethodRow[]> {
  try {
    return await client.call('cl_which');
  } catch (err) {
    if (!(err instanceof ClientError && err.rpcCode === RpcCode.METHOD_NOT_FOUND)) throw err;
  }
  return (await client.call('which')).map((name) => ({ name, module_cmd: name.includes(':') ? name : null }));
}
