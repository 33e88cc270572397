import { Args, Command } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { runMi } from '../cli/mi.js';

export default class Mi extends BaseCommand {
  static override summary = 'Call an MI method on a node (or on any OpenSIPS mi_http endpoint).';
  static override description = `Params are positional (in the order of the method's signature) or name=value.
Integers are sent as numbers; a word that is a JSON array/object is sent as that value.
The result is printed as JSON: pretty on a terminal, one line otherwise.`;
  static override examples = [
    '<%= config.bin %> mi which',
    '<%= config.bin %> mi clusterer_set_status 1 2 0',
    '<%= config.bin %> mi clusterer_set_status cluster_id=1 node_id=2 status=0',
    '<%= config.bin %> mi get_statistics \'["clusterer:"]\'',
    '<%= config.bin %> mi version --url http://127.0.0.1:8888/mi',
  ];
  static override strict = false;
  static override args = {
    method: Args.string({ required: true, description: 'MI method, e.g. clusterer_list' }),
  };

  async run(): Promise<void> {
    const { args, flags, argv } = await this.parse(Mi as typeof Command & typeof Mi);
    const words = (argv as string[]).slice(1);
    const code = await runMi(
      { method: args.method, words, socket: flags.socket, url: flags.url, timeout: flags.timeout, json: flags.json },
      { out: (l) => this.log(l), err: (l) => this.logToStderr(l), isTTY: process.stdout.isTTY === true },
    );
    if (code !== 0) this.exit(code);
  }
}
