import type { HelpCommand } from './help.js';

/**
 * Shell completion scripts made from the commands (pure): the words that
 * may follow each command path (its sub-commands, or its flags), looked up
 * by the longest path the line starts with. No process is run on TAB.
 */

/** Every topic path and command path → the words completed after it. */
export function completionTable(commands: readonly HelpCommand[]): Map<string, string[]> {
  const table = new Map<string, Set<string>>();
  const add = (path: string, word: string): void => {
    table.set(path, (table.get(path) ?? new Set()).add(word));
  };
  for (const c of commands) {
    const words = c.id.split(':');
    for (let i = 0; i < words.length; i++) add(words.slice(0, i).join(' '), words[i]!);
    const path = words.join(' ');
    for (const f of c.flags) {
      add(path, `--${f.name}`);
      if (f.char) add(path, `-${f.char}`);
    }
    for (const a of c.args) for (const o of a.options ?? []) add(path, o);
    if (!table.has(path)) table.set(path, new Set());
  }
  return new Map([...table].sort(([a], [b]) => b.length - a.length || a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
}

const quote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;

/** `cl completion bash`: `source <(cl completion bash)`. */
export function bashCompletion(bin: string, commands: readonly HelpCommand[]): string {
  const table = completionTable(commands);
  const known = [...table.keys()].filter((p) => p !== '').map(quote).join('|');
  const cases = [...table].map(([path, words]) => `    ${quote(path)}) words=${quote(words.join(' '))} ;;`);
  return `# bash completion for ${bin}: source <(${bin} completion bash), or save it as ~/.local/share/bash-completion/completions/${bin}
_${bin}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" line="" i words=""
  for ((i = 1; i < COMP_CWORD && i < 4; i++)); do
    case "\${COMP_WORDS[i]}" in -*) break ;; esac
    line="\${line:+$line }\${COMP_WORDS[i]}"
  done
  # The longest command path the words start with (args may follow it).
  while [ -n "$line" ]; do
    case "$line" in ${known}) break ;; esac
    case "$line" in *" "*) line="\${line% *}" ;; *) line="" ;; esac
  done
  case "$line" in
${cases.join('\n')}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _${bin} ${bin}
`;
}

/** `cl completion zsh`: `source <(cl completion zsh)`, or save as `_cl` in a directory of $fpath. */
export function zshCompletion(bin: string, commands: readonly HelpCommand[]): string {
  const table = completionTable(commands);
  const cases = [...table].map(([path, words]) => `    ${quote(path)}) words=(${words.map(quote).join(' ')}) ;;`);
  return `#compdef ${bin}
# zsh completion for ${bin}: source <(${bin} completion zsh), or save it as _${bin} in a directory of $fpath
_${bin}() {
  local line="" i
  for ((i = 2; i < CURRENT && i < 5; i++)); do
    [[ "\${words[i]}" == -* ]] && break
    line="\${line:+$line }\${words[i]}"
  done
  local -a known=(${[...table.keys()].filter((p) => p !== '').map(quote).join(' ')})
  while [[ -n "$line" && \${known[(Ie)$line]} -eq 0 ]]; do
    [[ "$line" == *" "* ]] && line="\${line% *}" || line=""
  done
  local -a out
  case "$line" in
${cases.map((c) => c.replace('words=(', 'out=(')).join('\n')}
  esac
  compadd -- $out
}
compdef _${bin} ${bin}
`;
}
