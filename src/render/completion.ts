import type { HelpCommand } from './help.js';
import { byCodePoint } from './order.js';

/**
 * Shell completion scripts made from the commands (pure): the words that
 * may follow each command path (its sub-commands or fixed argument values,
 * and its flags when the word being completed starts with `-`), looked up by
 * the longest path the line starts with. No process is run on TAB.
 */

export interface Completions {
  words: string[];
  flags: string[];
}

/** Every topic path and command path → what is completed after it, longest paths first. */
export function completionTable(commands: readonly HelpCommand[]): Map<string, Completions> {
  const table = new Map<string, { words: Set<string>; flags: Set<string> }>();
  const at = (path: string): { words: Set<string>; flags: Set<string> } => {
    let e = table.get(path);
    if (!e) table.set(path, (e = { words: new Set(), flags: new Set() }));
    return e;
  };
  for (const c of commands) {
    const parts = c.id.split(':');
    for (let i = 0; i < parts.length; i++) at(parts.slice(0, i).join(' ')).words.add(parts[i]!);
    const e = at(parts.join(' '));
    for (const f of c.flags) {
      e.flags.add(`--${f.name}`);
      if (f.char) e.flags.add(`-${f.char}`);
    }
    for (const a of c.args) for (const o of a.options ?? []) e.words.add(o);
  }
  const sorted = [...table].sort(([a], [b]) => b.length - a.length || byCodePoint(a, b));
  return new Map(sorted.map(([k, v]) => [k, { words: [...v.words].sort(), flags: [...v.flags].sort() }]));
}

const quote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;

/** `cl completion bash`: `source <(cl completion bash)`. */
export function bashCompletion(bin: string, commands: readonly HelpCommand[]): string {
  const table = completionTable(commands);
  const known = [...table.keys()].filter((p) => p !== '').map(quote).join('|');
  const cases = [...table].map(([path, c]) => `    ${quote(path)}) words=${quote(c.words.join(' '))}; flags=${quote(c.flags.join(' '))} ;;`);
  return `# bash completion for ${bin}: source <(${bin} completion bash), or save it as ~/.local/share/bash-completion/completions/${bin}
_${bin}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" line="" i words="" flags=""
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
  case "$cur" in -*) words="$flags" ;; esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _${bin} ${bin}
`;
}

/** `cl completion zsh`: `source <(cl completion zsh)`, or save as `_cl` in a directory of $fpath. */
export function zshCompletion(bin: string, commands: readonly HelpCommand[]): string {
  const table = completionTable(commands);
  const list = (xs: readonly string[]): string => xs.map(quote).join(' ');
  const cases = [...table].map(([path, c]) => `    ${quote(path)}) out=(${list(c.words)}); fl=(${list(c.flags)}) ;;`);
  return `#compdef ${bin}
# zsh completion for ${bin}: source <(${bin} completion zsh), or save it as _${bin} in a directory of $fpath
_${bin}() {
  local line="" i
  for ((i = 2; i < CURRENT && i < 5; i++)); do
    [[ "\${words[i]}" == -* ]] && break
    line="\${line:+$line }\${words[i]}"
  done
  local -a known=(${list([...table.keys()].filter((p) => p !== ''))})
  while [[ -n "$line" && \${known[(Ie)$line]} -eq 0 ]]; do
    if [[ "$line" == *" "* ]]; then line="\${line% *}"; else line=""; fi
  done
  local -a out fl
  case "$line" in
${cases.join('\n')}
  esac
  if [[ "$PREFIX" == -* ]]; then compadd -- $fl; else compadd -- $out; fi
}
compdef _${bin} ${bin}
`;
}
