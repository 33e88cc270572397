import type { ControlClient } from '../client/control-client.js';

/** A positional argument. `id` is an integer greater than 0 (a bad one is a usage error, exit 2). */
export type ArgSpec =
  | { type: 'string'; description: string; required?: boolean; options?: readonly string[] }
  | { type: 'integer'; description: string; required?: boolean; min?: number }
  | { type: 'id'; description: string; required?: boolean };

/** A flag; `char` is its one-letter alias. */
export type FlagSpec =
  | { type: 'string'; summary: string; char?: string; multiple?: boolean; required?: boolean; default?: string; options?: readonly string[]; helpGroup?: string; env?: string }
  | { type: 'integer'; summary: string; char?: string; required?: boolean; min?: number; helpGroup?: string }
  | { type: 'boolean'; summary: string; char?: string; helpGroup?: string };

export type ArgSpecs = Record<string, ArgSpec>;
export type FlagSpecs = Record<string, FlagSpec>;

type ArgValue<A extends ArgSpec> = A extends { type: 'string' } ? string : number;
export type ArgsOf<AS extends ArgSpecs> = { [K in keyof AS]: AS[K] extends { required: true } ? ArgValue<AS[K]> : ArgValue<AS[K]> | undefined };

type FlagValue<F extends FlagSpec> = F extends { type: 'boolean' } ? boolean : F extends { type: 'integer' } ? number : F extends { multiple: true } ? string[] : string;
type AlwaysSet = { type: 'boolean' } | { required: true } | { default: string };
export type FlagsOf<FS extends FlagSpecs> = { [K in keyof FS]: FS[K] extends AlwaysSet ? FlagValue<FS[K]> : FlagValue<FS[K]> | undefined };

/** What a command gets from its command line, parsed and checked against its specs. */
export interface Input<AS extends ArgSpecs, FS extends FlagSpecs> {
  args: ArgsOf<AS>;
  flags: FlagsOf<FS>;
  /** Words after the declared args (variadic commands only). */
  rest: string[];
}

/** Where a command writes (stdout/stderr lines) and what it may know of the terminal. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** stdout is a terminal. */
  isTTY: boolean;
  /** ANSI colours wanted on stdout. */
  color: boolean;
}

/**
 * What a command run ends with; the runner prints it. With `--json` the
 * `json` lines (default: `result`) go to stdout, else the `human` lines;
 * `stderr` lines are printed either way.
 */
export interface Outcome {
  result?: unknown;
  json?: unknown[];
  human?: string[];
  stderr?: string[];
  exit?: number;
  /** `-o yaml|lines` (set by the runner from the command's `--format`). */
  format?: 'yaml' | 'lines';
}

/**
 * One command: its help texts, args and flags, and what it does. The oclif
 * class (help, manifest, completion) and the fast runner of bin/run.js are
 * both made from it (to-oclif.ts, fast-runner.ts).
 */
export interface CommandDef<AS extends ArgSpecs = ArgSpecs, FS extends FlagSpecs = FlagSpecs> {
  /** oclif id, topics separated by `:` (`cluster:list`). */
  id: string;
  summary: string;
  description: string;
  examples: string[];
  usage?: string;
  args: AS;
  flags: FS;
  /** Talks to a node: the client is made from --socket/--url/--timeout. */
  target: boolean;
  /** With `--all-nodes`, the nodes' results should be the same (a key's owner, a value, the topology): those that differ are named. */
  compareAcrossNodes?: boolean;
  /** Takes more words after its args (`cl mi METHOD [PARAMS…]`). */
  variadic?: boolean;
  /** `--json` prints the result as the node sent it (`cl mi`), not in the CLI's snake_case key style. */
  rawJson?: boolean;
  /** Prints through `io` itself, or returns an Outcome for the runner to print. Errors are thrown. */
  run(input: Input<AS, FS>, client: ControlClient, io: Io): Promise<Outcome | number>;
}

/** Checks a definition's types and keeps its literal specs. */
export function defineCommand<const AS extends ArgSpecs, const FS extends FlagSpecs>(def: CommandDef<AS, FS>): CommandDef<AS, FS> {
  return def;
}

/** A definition whose input types no longer matter (tables, runners). */
export type AnyCommandDef = CommandDef<ArgSpecs, FlagSpecs>;
export const erase = <AS extends ArgSpecs, FS extends FlagSpecs>(def: CommandDef<AS, FS>): AnyCommandDef => def as unknown as AnyCommandDef;
