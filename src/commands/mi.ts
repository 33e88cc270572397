import type { ControlClient } from '../client/control-client.js';
import { ClientError } from '../client/errors.js';
import { describeTarget } from '../client/target.js';
import { RpcCode } from '../contract/index.js';
import { TARGET_FLAGS } from '../cli/common-flags.js';
import { closest } from '../cli/suggest.js';
import { defineCommand } from '../cli/definition.js';
import { EXIT } from '../cli/exit-codes.js';
import { foldArrayParams, miParams } from '../cli/mi-params.js';
import { listMethods } from '../client/which.js';
import { renderJson } from '../render/json.js';
import { renderWhich } from '../render/which.js';

/** "Method not found" with the method named and the closest names the node has ('which'), when it answers it. */
async function namedNotFound(err: unknown, method: string, client: ControlClient): Promise<unknown> {
  if (!(err instanceof ClientError) || err.rpcCode !== RpcCode.METHOD_NOT_FOUND) return err;
  let near: string[] = [];
  try {
    near = closest(method, await client.call('which'));
  } catch {
    /* the suggestions are a help, not a need */
  }
  const hint = near.length ? `; closest: ${near.join(', ')}` : '';
  const where = describeTarget(client.target);
  return new ClientError(err.code, `no MI method '${method}' on ${where}${hint} ('cl mi which' lists them all)`, { cause: err, rpcCode: err.rpcCode });
}

/** Broadcast MI spellings answered per node by `cl_broadcast_mi` under `--json`. */
const BROADCAST_MI = new Set(['cluster_broadcast_mi', 'clusterer:broadcast_mi']);

export default defineCommand({
  id: 'mi',
  summary: 'Call an MI method on a node (or on any OpenSIPS mi_http endpoint).',
  description: `Params are positional (in the order of the method's signature) or name=value.
Integers are sent as numbers; a word that is a JSON array/object is sent as that value.
As with opensips-cli, trailing words fold into an array parameter:
"cl mi get_statistics clusterer: sync:" sends [["clusterer:","sync:"]].
The result is printed as JSON: pretty on a terminal, one line otherwise.
"cl mi which" is a table instead: each method with the OpenSIPS 4.x
module:cmd name the node also accepts for it ("-" where the endpoint has
none); with --json, [{"name", "module_cmd"}] (module_cmd null then).
"cl mi core:which" prints the node's own which reply, as it came.`,
  examples: [
    '<%= config.bin %> mi which',
    '<%= config.bin %> mi clusterer_set_status 1 2 0',
    '<%= config.bin %> mi clusterer_set_status cluster_id=1 node_id=2 status=0',
    '<%= config.bin %> mi get_statistics clusterer: sync:',
    '<%= config.bin %> mi get_statistics \'["clusterer:"]\'',
    '<%= config.bin %> mi version --url http://127.0.0.1:8888/mi',
  ],
  args: { method: { type: 'string', required: true, description: 'MI method, e.g. clusterer_list' } },
  usage: 'mi METHOD [PARAMS...] [-s <value>] [--url <value>] [--timeout <value>] [--json]',
  variadic: true,
  rawJson: true,
  flags: TARGET_FLAGS,
  target: true,
  async run({ args, flags, rest }, client, io) {
    const params = foldArrayParams(args.method, miParams(rest));
    if (args.method === 'which' && params === undefined) {
      const rows = await listMethods(client);
      return { result: rows, human: [renderWhich(rows)] };
    }
    if (flags.json && client.target.socketPath !== undefined && BROADCAST_MI.has(args.method)) {
      // `--json` on a cl node: every node's own result instead of the local one (OpenSIPS returns only that).
      const all = await client.callRaw('cl_broadcast_mi', params);
      const failed = (all as { failed?: unknown[] } | null)?.failed;
      return { result: all, exit: Array.isArray(failed) && failed.length > 0 ? EXIT.FAILURE : EXIT.OK };
    }
    try {
      const result = await client.callRaw(args.method, params);
      return { result, human: [renderJson(result, io.isTTY)] };
    } catch (err) {
      throw await namedNotFound(err, args.method, client);
    }
  },
});
