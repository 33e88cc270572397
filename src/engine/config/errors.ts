import { ClError } from '../errors.js';

/** One problem found in a configuration: the parameter it concerns and why it is wrong. */
export interface ConfigIssue {
  key: string;
  message: string;
}

export const CONFIG_ERROR_CODE = 'CL_ERR_CONFIG';

/** Renders issues as a header line followed by one `key: why` line per issue. */
export function formatIssues(issues: readonly ConfigIssue[], source?: string): string {
  const n = issues.length;
  const head = `invalid configuration${source ? ` in ${source}` : ''} (${n} problem${n === 1 ? '' : 's'}):`;
  return [head, ...issues.map((i) => `${i.key}: ${i.message}`)].join('\n');
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
