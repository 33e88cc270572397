import { byCodePoint } from './order.js';

/**
 * `cl --help`, `cl TOPIC --help` and `cl COMMAND --help` (pure): made from
 * plain descriptions of the commands, so the help needs none of the
 * commands' code loaded (src/cli/help.ts builds them).
 */

export interface HelpArg {
  name: string;
  description: string;
  required: boolean;
  options?: readonly string[];
}

export interface HelpFlag {
  name: string;
  char?: string;
  summary: string;
  /** Takes a value (`--socket=<value>`); false for a boolean. */
  takesValue: boolean;
  multiple?: boolean;
  required?: boolean;
  default?: string;
  options?: readonly string[];
  group?: string;
}

export interface HelpCommand {
  id: string;
  summary: string;
  description: string;
  examples: readonly string[];
  /** Usage after `cl ` when the definition gives one. */
  usage?: string;
  args: readonly HelpArg[];
  /** Takes more words after its args. */
  variadic: boolean;
  flags: readonly HelpFlag[];
}

export interface HelpBook {
  bin: string;
  version: string;
  summary: string;
  commands: readonly HelpCommand[];
  topics: Readonly<Record<string, string>>;
}

const words = (id: string): string => id.split(':').join(' ');
const indent = (text: string, n = 2): string =>
  text
    .split('\n')
    .map((l) => (l === '' ? '' : `${' '.repeat(n)}${l}`))
    .join('\n');

/** Two aligned columns. */
function twoColumns(rows: readonly (readonly [string, string])[]): string {
  const w = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`.trimEnd()).join('\n');
}

/** The usage line of a command: its args, then its flags. */
export function usageLine(bin: string, c: HelpCommand): string {
  if (c.usage) return `${bin} ${c.usage}`;
  const args = c.args.map((a) => (a.required ? a.name.toUpperCase() : `[${a.name.toUpperCase()}]`));
  return [bin, words(c.id), ...args, ...(c.flags.length ? ['[FLAGS]'] : [])].join(' ');
}

function flagLabel(f: HelpFlag): string {
  const long = `--${f.name}${f.takesValue ? `=<${f.options ? f.options.join('|') : 'value'}>` : ''}`;
  return f.char ? `-${f.char}, ${long}` : `    ${long}`;
}

function flagText(f: HelpFlag): string {
  const notes = [f.required ? 'required' : '', f.default !== undefined ? `default: ${f.default}` : '', f.multiple ? 'repeatable' : ''].filter(Boolean);
  return `${f.summary}${notes.length ? ` [${notes.join(', ')}]` : ''}`;
}

/** The help page of one command. */
export function renderCommandHelp(book: HelpBook, c: HelpCommand): string {
  const out = [c.summary, '', 'USAGE', `  $ ${usageLine(book.bin, c)}`];
  if (c.args.length) {
    out.push('', 'ARGUMENTS', twoColumns(c.args.map((a) => [a.required ? a.name.toUpperCase() : `[${a.name.toUpperCase()}]`, a.options ? `${a.description} (${a.options.join('|')})` : a.description])));
  }
  const groups = new Map<string, HelpFlag[]>();
  for (const f of c.flags) {
    const g = f.group ? `${f.group} FLAGS` : 'FLAGS';
    groups.set(g, [...(groups.get(g) ?? []), f]);
  }
  const order = [...groups.keys()].sort((a, b) => (a === 'FLAGS' ? -1 : b === 'FLAGS' ? 1 : 0));
  for (const g of order) out.push('', g, twoColumns(groups.get(g)!.map((f) => [flagLabel(f), flagText(f)])));
  if (c.description) out.push('', 'DESCRIPTION', indent(c.description));
  if (c.examples.length) out.push('', 'EXAMPLES', c.examples.map((e) => `  $ ${e.replaceAll('<%= config.bin %>', book.bin)}`).join('\n'));
  return `${out.join('\n')}\n`;
}

/** The commands directly under a topic (`cluster`) or at the top (''), and the topics below it. */
function children(book: HelpBook, topic: string): { topics: [string, string][]; commands: HelpCommand[] } {
  const depth = topic === '' ? 0 : topic.split(':').length;
  const under = (id: string): boolean => topic === '' || id.startsWith(`${topic}:`);
  // Topics are the prefixes of command ids; their descriptions come from the book when it has one.
  const names = new Set(book.commands.flatMap((c) => c.id.split(':').slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join(':'))));
  const topics: [string, string][] = [...names].filter((t) => under(t) && t.split(':').length === depth + 1).map((t) => [t, book.topics[t] ?? '']);
  const commands = book.commands.filter((c) => under(c.id) && c.id.split(':').length === depth + 1 && !names.has(c.id));
  return { topics: topics.sort(([a], [b]) => byCodePoint(a, b)), commands: [...commands].sort((a, b) => byCodePoint(a.id, b.id)) };
}

/** `cl --help` (topic '') or `cl TOPIC --help`. */
export function renderTopicHelp(book: HelpBook, topic: string): string {
  const { topics, commands } = children(book, topic);
  const head = topic === '' ? [book.summary, '', 'VERSION', `  ${book.bin} ${book.version}`, '', 'USAGE', `  $ ${book.bin} COMMAND`] : [book.topics[topic] ?? '', '', 'USAGE', `  $ ${book.bin} ${words(topic)} COMMAND`];
  const out = [...head];
  if (topics.length) out.push('', 'TOPICS', twoColumns(topics.map(([t, d]) => [words(t), d])));
  if (commands.length) out.push('', 'COMMANDS', twoColumns(commands.map((c) => [words(c.id), c.summary])));
  if (topic === '') out.push('', `Run '${book.bin} COMMAND --help' for the args and flags of a command; man pages: 'man cl'.`);
  return `${out.join('\n')}\n`;
}

/** Is `topic` a topic (a prefix of some command id)? */
export const isTopic = (book: HelpBook, topic: string): boolean => topic in book.topics || book.commands.some((c) => c.id.startsWith(`${topic}:`));
