import type { CapRow } from '../contract/index.js';
import type { ControlClient } from './control-client.js';
import { ClientError } from './errors.js';

/**
 * The capability a command names: by `--cluster` when given, else the one
 * cluster where it is registered. Errors name what the node has.
 */
export async function resolveCap(client: ControlClient, name: string, cluster: number | undefined): Promise<CapRow> {
  const rows = await client.call('cl_cap_list');
  const known = rows.map((r) => `${r.capability} (cluster ${r.cluster_id})`).join(', ') || 'none';
  const named = rows.filter((r) => r.capability === name && (cluster === undefined || r.cluster_id === cluster));
  if (named.length === 0) {
    const where = cluster === undefined ? '' : ` in cluster ${cluster}`;
    throw new ClientError('CL_ERR_UNKNOWN_CAPABILITY', `the node has no capability ${name}${where} (it has: ${known})`);
  }
  if (named.length > 1) throw new ClientError('CL_ERR_USAGE', `${name} is registered in clusters ${named.map((r) => r.cluster_id).join(', ')}: say which with --cluster`);
  return named[0]!;
}
