import { ClientError } from '../client/errors.js';
import { JSON_FLAG } from '../cli/common-flags.js';
import { defineCommand } from '../cli/definition.js';
import { loadHelpBook, packageRoot } from '../cli/help.js';
import { bashCompletion, zshCompletion } from '../render/completion.js';

export default defineCommand({
  id: 'completion',
  summary: 'Print a shell completion script (bash or zsh).',
  description: `Completes the commands, topics, flags and fixed argument values of cl. The
script is made from the commands of this build and runs nothing on TAB.
bash: add 'source <(cl completion bash)' to ~/.bashrc. zsh: add
'source <(cl completion zsh)' to ~/.zshrc (after compinit), or save the
output as _cl in a directory of $fpath.`,
  examples: ['source <(<%= config.bin %> completion bash)', '<%= config.bin %> completion zsh > ~/.zfunc/_cl'],
  args: { shell: { type: 'string', required: true, options: ['bash', 'zsh'], description: 'The shell.' } },
  flags: JSON_FLAG,
  target: false,
  async run({ args }) {
    const book = loadHelpBook(packageRoot());
    if (!book) throw new ClientError('CL_ERR_INTERNAL', 'oclif.manifest.json is missing: build cl first (npm run build)');
    const script = args.shell === 'bash' ? bashCompletion(book.bin, book.commands) : zshCompletion(book.bin, book.commands);
    return { result: { shell: args.shell, script }, human: [script.trimEnd()] };
  },
});
