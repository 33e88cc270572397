import { ClError } from '../errors.js';

/** One problem found in a configuration: the parameter it concerns and why it is wrong. */
export interface ConfigIssue {
  key: string;
  message: string;
}

export const CONFIG_ERROR_CODE = 'CL_ERR_CONFIG';

/** A command-line flag's issue (`--socket`) rather than the file's. */
const isFlag = (i: ConfigIssue): boolean => i.key.startsWith('--');

/**
 * One line for one problem (`invalid configuration in node.yaml: my_node_id:
 * must be…`), else a header line and one `key: why` line per problem. A file
 * that cannot be read is named alone; problems of command-line flags name
 * the flag.
 */
export function formatIssues(issues: readonly ConfigIssue[], source?: string): string {
  const n = issues.length;
  if (n === 1 && source !== undefined && issues[0]!.key === source && issues[0]!.message.includes(source)) return issues[0]!.message;
  const where = source === undefined ? '' : issues.every(isFlag) ? ' on the command line' : issues.some(isFlag) ? ` in ${source} and on the command line` : ` in ${source}`;
  if (n === 1) return `invalid configuration${where}: ${issues[0]!.key}: ${issues[0]!.message}`;
  return [`invalid configuration${where} (${n} problems):`, ...issues.map((i) => `${i.key}: ${i.message}`)].join('\n');
}

/**
 * Thrown once per parse with every problem found, so an operator fixes a file
 * in one round instead of one error at a time.
 */
export class ConfigError extends ClError {
  readonly issues: readonly ConfigIssue[];
  readonly source: string | undefined;

  constructor(issues: readonly ConfigIssue[], opts: { source?: string; cause?: unknown } = {}) {
    super(CONFIG_ERROR_CODE, formatIssues(issues, opts.source), { cause: opts.cause });
    this.issues = [...issues];
    this.source = opts.source;
  }
}

/** A single value (node info, sharing tag, …) that failed to parse; `problems` lists every reason. */
export class ConfigValueError extends ClError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super('CL_ERR_CONFIG_VALUE', problems.join('; '));
    this.problems = [...problems];
  }
}

/** Accumulates issues while a whole configuration is validated. */
export class IssueList {
  readonly items: ConfigIssue[] = [];

  add(key: string, message: string): void {
    this.items.push({ key, message });
  }

  /** Records a thrown value error as one issue per problem under `key`. */
  addError(key: string, err: unknown): void {
    if (err instanceof ConfigValueError) for (const p of err.problems) this.add(key, p);
    else if (err instanceof Error) this.add(key, err.message);
    else this.add(key, String(err));
  }

  get size(): number {
    return this.items.length;
  }
}
