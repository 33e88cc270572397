import { TARGET_FLAGS } from '../cli/common-flags.js';
import { defineCommand } from '../cli/definition.js';
import { VERSION } from '../engine/version.js';
import { renderVersion, type VersionView } from '../render/version.js';

export default defineCommand({
  id: 'version',
  summary: 'Print the version of cl; with -s or --url, also the version of that node.',
  description: `Prints the version of this cl, of Node.js and the platform. With --socket/-s
or --url, also asks that node (the MI "version" command, which a real
OpenSIPS answers too); without them no node is contacted.`,
  examples: ['<%= config.bin %> version', '<%= config.bin %> version -s /tmp/cl-node1.sock --json'],
  args: {},
  flags: TARGET_FLAGS,
  target: true,
  async run({ flags }, client) {
    const view: VersionView = { version: VERSION, node_js: process.version, platform: `${process.platform}-${process.arch}` };
    if (flags.socket !== undefined || flags.url !== undefined) {
      const r = (await client.callRaw('version')) as { Server?: unknown } | null;
      view.node = typeof r?.Server === 'string' ? r.Server : JSON.stringify(r);
    }
    return { result: view, human: renderVersion(view) };
  },
});
