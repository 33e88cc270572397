import { parseArgs } from 'node:util';
import { asClusterList, renderClusterList } from '../render/cluster-list.js';
import { selectCluster } from '../render/reply.js';
import { wantsColor } from '../render/style.js';
import { EXIT } from './exit-codes.js';
import { FAST_TARGET_OPTIONS, runFast, socketCaller, type FastTarget } from './fast-path.js';

/**
 * `cl cluster list` without the command framework: the operator's most
 * frequent look at a node. Flags are those of `src/commands/cluster/list.ts`
 * (a test keeps them equal).
 */
export const fastClusterListOptions = { ...FAST_TARGET_OPTIONS, cluster: { type: 'string' } } as const;

export interface FastClusterList extends FastTarget {
  cluster: number | undefined;
}

/** The arguments, or null when they need the full command (help, --url, anything it reports). */
export function parseFastClusterList(argv: string[]): FastClusterList | null {
  try {
    const { values: v, positionals } = parseArgs({ args: argv, options: fastClusterListOptions, allowPositionals: true, strict: true });
    if (positionals.length > 0 || v.url !== undefined) return null;
    if (v.cluster !== undefined && !(/^[0-9]+$/.test(v.cluster) && Number(v.cluster) >= 1)) return null;
    return { cluster: v.cluster === undefined ? undefined : Number(v.cluster), socket: v.socket, timeout: v.timeout, json: v.json === true };
  } catch {
    return null;
  }
}

export function main(args: FastClusterList): Promise<number> {
  return runFast(args.json, async () => {
    const result = selectCluster(asClusterList(await socketCaller(args).call('clusterer_list')), args.cluster);
    process.stdout.write(`${args.json ? JSON.stringify(result) : renderClusterList(result, { color: wantsColor(process.stdout) })}\n`);
    return EXIT.OK;
  });
}
