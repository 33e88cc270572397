import { Args, Command, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { miParams } from '../../cli/mi-params.js';
import { parseDuration } from '../../cli/target.js';
import { asMiResults, miSendAsResults, renderMiResults, type MiResultsView } from '../../render/messages.js';
import { wantsColor } from '../../render/style.js';

export default class MsgMi extends BaseCommand {
  static override summary = 'Run an MI command on every node of a cluster (or on one with --node) and show each result.';
  static override description = `Calls cl_broadcast_mi (or cl_send_mi with --node). cl nodes run the
command and send its result back; peers not known as cl nodes (OpenSIPS)
get a standard MI_CMD and show as "sent" (their result stays in their
log). Params are positional or name=value, as for \`cl mi\`; named and
array params need cl peers. Exit 1 if any node failed, did not answer
within --wait, or could not be reached.`;
  static override examples = [
    '<%= config.bin %> msg mi 1 uptime -s /tmp/cl-node1.sock',
    '<%= config.bin %> msg mi 1 get_statistics \'["clusterer:"]\' --json',
    '<%= config.bin %> msg mi 1 sr_get_status group=clusterer identifier=node_states --node 3',
  ];
  static override strict = false;
  static override args = {
    cluster: Args.integer({ required: true, min: 1, description: 'Cluster id.' }),
    cmd: Args.string({ required: true, description: 'MI command to run, e.g. uptime.' }),
  };
  static override flags = {
    node: Flags.integer({ min: 1, summary: 'Run on this node only.' }),
    wait: Flags.string({ summary: "How long to wait for each cl node's result.", default: '2s' }),
  };

  async run(): Promise<MiResultsView> {
    const { args, flags, argv } = await this.parse(MsgMi as typeof Command & typeof MsgMi);
    const params = miParams((argv as string[]).slice(2));
    const waitMs = parseDuration(flags.wait);
    const client = this.client({ ...flags, timeout: `${parseDuration(flags.timeout) + waitMs}ms` });
    const tail = [params ?? [], waitMs];
    const r =
      flags.node === undefined
        ? asMiResults(await client.call('cl_broadcast_mi', [args.cluster, args.cmd, ...tail]))
        : miSendAsResults(await client.call('cl_send_mi', [args.cluster, flags.node, args.cmd, ...tail]));
    if (flags.json) this.log(JSON.stringify(r));
    else for (const line of renderMiResults(r, { color: wantsColor(process.stdout) })) this.log(line);
    if (r.failed.length > 0) this.exit(EXIT.FAILURE);
    return r;
  }
}
