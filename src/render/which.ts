import type { MethodRow } from '../client/which.js';
import { columns } from './table.js';

/** `cl mi which`: one line per method, its flat name and its 4.x `module:cmd` name (`-` when the endpoint has none). */
export function renderWhich(rows: readonly MethodRow[]): string {
  return columns(['METHOD', '4.X NAME'], rows.map((r) => [r.name, r.module_cmd ?? '-']));
}
