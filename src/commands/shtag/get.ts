import { getShtag } from '../../client/shtags.js';
import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { renderShtagState, shtagExitCode } from '../../render/shtags.js';

export default defineCommand({
  id: 'shtag:get',
  summary: 'Print the state of a sharing tag; exit 0 if active, 1 if backup.',
  description: `Calls cl_shtag_get and prints "active" or "backup". The exit status makes
it a shell condition: 0 when the tag is active on this node, 1 when backup;
other failures use the usual codes (3 node unreachable, 4 timeout, 5 MI
error such as a bad tag or an unknown cluster). Like $cluster.sh_tag in
OpenSIPS, reading an unknown tag of a known cluster creates it as backup.
Against an OpenSIPS (--url), which has no cl_shtag_get, the tag's row of
clusterer_list_shtags is used; a tag it does not list is an error (exit 5).`,
  examples: ['<%= config.bin %> shtag get vip/1 -s /tmp/cl-node1.sock', 'if <%= config.bin %> shtag get vip/1 >/dev/null; then ip addr add 10.0.0.100/24 dev eth0; fi'],
  args: { tag: { type: 'string', required: true, description: 'Tag as name/cluster_id, e.g. vip/1.' } },
  flags: TARGET_FLAGS,
  target: true,
  async run({ args }, client) {
    const row = await getShtag(client, args.tag);
    return { result: row, human: [renderShtagState(row)], exit: shtagExitCode(row) };
  },
});
