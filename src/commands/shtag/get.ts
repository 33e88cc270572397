import { getShtag } from '../../client/shtags.js';
import { TARGET_FLAGS } from '../../cli/common-flags.js';
import { defineCommand } from '../../cli/definition.js';
import { renderShtagCreated, renderShtagState, shtagExitCode } from '../../render/shtags.js';

export default defineCommand({
  id: 'shtag:get',
  summary: 'Print the state of a sharing tag; exit 0 if active, 1 if backup.',
  description: `Calls cl_shtag_get and prints "active" or "backup". The exit status makes
it a shell condition: 0 when the tag is active on this node, 1 when backup;
other failures use the usual codes (3 node unreachable, 4 timeout, 5 MI
error such as a bad tag or an unknown cluster). Like $cluster.sh_tag in
OpenSIPS, reading an unknown tag of a known cluster creates it as backup
(on a terminal a note on stderr says so; --json has "created": true);
--no-create refuses an unknown tag instead (exit 5).
Against an OpenSIPS (--url), which has no cl_shtag_get, the tag's row of
clusterer_list_shtags is used; a tag it does not list is an error (exit 5).`,
  examples: ['<%= config.bin %> shtag get vip/1 -s /tmp/cl-node1.sock', 'if <%= config.bin %> shtag get vip/1 >/dev/null; then ip addr add 10.0.0.100/24 dev eth0; fi'],
  args: { tag: { type: 'string', required: true, description: 'Tag as name/cluster_id, e.g. vip/1.' } },
  flags: { ...TARGET_FLAGS, 'no-create': { type: 'boolean', summary: 'Refuse a tag the node does not know (exit 5) instead of creating it as backup.' } },
  target: true,
  async run({ args, flags }, client, io) {
    const row = await getShtag(client, args.tag, { create: !flags['no-create'] });
    const note = row.Created === true && io.isTTY && !flags.json ? [renderShtagCreated(args.tag)] : [];
    return { result: row, human: [renderShtagState(row)], stderr: note, exit: shtagExitCode(row) };
  },
});
