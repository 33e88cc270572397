import assert from 'node:assert/strict';
import { ConfigError, type ConfigIssue } from '../../../src/engine/config/index.js';

/** Runs `fn`, asserts it throws a ConfigError and returns its issues. */
export function issuesOf(fn: () => unknown): readonly ConfigIssue[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err.issues;
  }
  assert.fail('expected a ConfigError');
}

/** Asserts that some issue has this key and a message matching `re`. */
export function assertIssue(issues: readonly ConfigIssue[], key: string, re: RegExp): void {
  assert.ok(
    issues.some((i) => i.key === key && re.test(i.message)),
    `no issue ${key}: ${re} in\n${issues.map((i) => `  ${i.key}: ${i.message}`).join('\n')}`,
  );
}

/** Smallest valid script-provisioned (db_mode 0) configuration. */
export const base0 = (): Record<string, unknown> => ({
  db_mode: 0,
  my_node_id: 1,
  my_node_info: 'cluster_id=1, url=bin:127.0.0.1:5566',
});
