import { readFileSync } from 'node:fs';
import { ClientError } from '../client/errors.js';
import { isTopic, renderCommandHelp, renderTopicHelp, type HelpArg, type HelpBook, type HelpCommand, type HelpFlag } from '../render/help.js';
import type { AnyCommandDef } from './definition.js';
import { byCodePoint } from '../render/order.js';
import { editDistance } from './suggest.js';
import { commandWords } from './usage.js';

/** The help of a definition. */
export function helpOf(def: AnyCommandDef): HelpCommand {
  const args: HelpArg[] = Object.entries(def.args).map(([name, a]) => ({
    name,
    description: a.description,
    required: a.required === true,
    ...(a.type === 'string' && a.options ? { options: a.options } : {}),
  }));
  const flags: HelpFlag[] = Object.entries(def.flags).map(([name, f]) => ({
    name,
    summary: f.summary,
    takesValue: f.type !== 'boolean',
    ...(f.char ? { char: f.char } : {}),
    ...(f.type === 'string' && f.multiple ? { multiple: true } : {}),
    ...(f.type !== 'boolean' && f.required ? { required: true } : {}),
    ...(f.type === 'string' && f.default !== undefined ? { default: f.default } : {}),
    ...(f.type === 'string' && f.options ? { options: f.options } : {}),
    ...(f.helpGroup ? { group: f.helpGroup } : {}),
  }));
  return { id: def.id, summary: def.summary, description: def.description, examples: def.examples, ...(def.usage ? { usage: def.usage } : {}), args, variadic: def.variadic === true, flags };
}

interface ManifestArg {
  name: string;
  description?: string;
  required?: boolean;
  options?: string[];
}
interface ManifestFlag {
  name: string;
  char?: string;
  summary?: string;
  type: 'option' | 'boolean';
  multiple?: boolean;
  required?: boolean;
  default?: unknown;
  options?: string[];
  helpGroup?: string;
}
interface ManifestCommand {
  id: string;
  summary?: string;
  description?: string;
  examples?: string[];
  usage?: string;
  strict?: boolean;
  args?: Record<string, ManifestArg>;
  flags?: Record<string, ManifestFlag>;
}

/** The help of the commands of oclif.manifest.json (written at build from the definitions: scripts/oclif-manifest.mjs). */
export function helpOfManifest(m: { commands: Record<string, ManifestCommand> }): HelpCommand[] {
  return Object.values(m.commands).map((c) => ({
    id: c.id,
    summary: c.summary ?? '',
    description: c.description ?? '',
    examples: c.examples ?? [],
    ...(c.usage ? { usage: c.usage } : {}),
    args: Object.values(c.args ?? {}).map((a) => ({ name: a.name, description: a.description ?? '', required: a.required === true, ...(a.options ? { options: a.options } : {}) })),
    variadic: c.strict === false,
    flags: Object.values(c.flags ?? {}).map((f) => ({
      name: f.name,
      summary: f.summary ?? '',
      takesValue: f.type === 'option',
      ...(f.char ? { char: f.char } : {}),
      ...(f.multiple ? { multiple: true } : {}),
      ...(f.required ? { required: true } : {}),
      ...(typeof f.default === 'string' ? { default: f.default } : {}),
      ...(f.options ? { options: f.options } : {}),
      ...(f.helpGroup ? { group: f.helpGroup } : {}),
    })),
  }));
}

/** The help book of the package at `root` (package.json and oclif.manifest.json), or null when the manifest was not built. */
export function loadHelpBook(root: URL): HelpBook | null {
  let manifest: { commands: Record<string, ManifestCommand> };
  let pkg: { version: string; description?: string; oclif?: { bin?: string; topics?: Record<string, { description: string }> } };
  try {
    manifest = JSON.parse(readFileSync(new URL('oclif.manifest.json', root), 'utf8')) as typeof manifest;
    pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as typeof pkg;
  } catch {
    return null;
  }
  const topics = Object.fromEntries(Object.entries(pkg.oclif?.topics ?? {}).map(([t, v]) => [t, v.description]));
  return { bin: pkg.oclif?.bin ?? 'cl', version: pkg.version, summary: pkg.description ?? '', commands: helpOfManifest(manifest), topics };
}

/** Words that are not flags (`cluster list -s x --help` → `cluster list`), up to the first flag. */
const leadingWords = (argv: readonly string[]): string[] => {
  const out: string[] = [];
  for (const w of argv) {
    if (w.startsWith('-')) break;
    out.push(w);
  }
  return out;
};

/** The id of the longest command the words start with, among `ids`. */
export function commandAt(ids: readonly string[], words: readonly string[]): string | undefined {
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    const id = words.slice(0, n).join(':');
    if (ids.includes(id)) return id;
  }
  return undefined;
}

/** `unknown command 'cl cluster lst'; did you mean 'cl cluster list'?` (exit 2). */
export function unknownCommand(ids: readonly string[], words: readonly string[]): ClientError {
  const typed = words.slice(0, 3).join(' ');
  const topics = new Set(ids.flatMap((id) => id.split(':').slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join(' '))));
  // The longest topic the words start with: then only its commands are candidates (`cl db nosuch`).
  const topic = [...topics].filter((t) => words.length > t.split(' ').length && words.slice(0, t.split(' ').length).join(' ') === t).sort((a, b) => b.length - a.length)[0];
  const candidates = [...new Set([...ids.map(commandWords), ...topics])].filter((n) => topic === undefined || n.startsWith(`${topic} `));
  // Each name is compared with as many of the words as it has.
  const near = candidates
    .map((n) => {
      const k = n.split(' ').length;
      // Within the topic, the words after it are what may be mistyped.
      const skip = topic === undefined ? 0 : topic.length + 1;
      const part = n.slice(skip);
      return { n, k, d: editDistance(words.slice(0, k).join(' ').slice(skip), part), limit: Math.max(1, Math.floor(part.length / 3)) };
    })
    .filter((x) => x.d <= x.limit && words.length >= x.k)
    .sort((a, b) => a.d - b.d || b.k - a.k || byCodePoint(a.n, b.n))
    .map((x) => x.n);
  // A topic is not suggested next to one of its own commands.
  const shown = near
    .filter((n) => !near.some((m) => m !== n && m.startsWith(`${n} `)))
    .slice(0, 3)
    .map((n) => `'cl ${n}'`);
  const under = topic === undefined ? [] : ids.map(commandWords).filter((n) => n.startsWith(`${topic} `)).map((n) => n.slice(topic.length + 1));
  const hint = shown.length ? `; did you mean ${shown.join(' or ')}?` : topic !== undefined ? `; 'cl ${topic}' has: ${under.join(', ')}` : '';
  return new ClientError('CL_ERR_USAGE', `unknown command 'cl ${typed}'${hint} (see 'cl --help')`);
}

/**
 * The help the words ask for: a command's page, a topic's list, or the
 * top page; an unknown command is a usage error.
 */
export function helpText(book: HelpBook, argv: readonly string[]): string {
  const words = leadingWords(argv[0] === 'help' ? argv.slice(1) : argv);
  if (words.length === 0) return renderTopicHelp(book, '');
  const ids = book.commands.map((c) => c.id);
  const id = commandAt(ids, words);
  if (id !== undefined) return renderCommandHelp(book, book.commands.find((c) => c.id === id)!);
  const topic = words.join(':');
  if (isTopic(book, topic)) return renderTopicHelp(book, topic);
  throw unknownCommand(ids, words);
}

/** The package root: from dist/src/cli (modules) or dist/ (the bundle). */
export function packageRoot(): URL {
  for (const rel of ['../../../', '../']) {
    const root = new URL(rel, import.meta.url);
    try {
      if ((JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { name?: string }).name === 'cl') return root;
    } catch {
      /* the next location */
    }
  }
  return new URL('../../../', import.meta.url);
}

/** The words ask for help: none at all, `help …`, or `--help`/`-h` anywhere before `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  if (argv.length === 0 || argv[0] === 'help') return true;
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((w) => w === '--help' || w === '-h');
}
