import type { KvRow } from '../contract/index.js';

/** `cl kv list`: one `KEY VALUE` line per entry, the format `cl kv put --stdin` reads. */
export function renderKvLines(rows: readonly KvRow[]): string[] {
  return rows.map((r) => `${r.key} ${r.value}`);
}

/** The note `cl kv list` prints on stderr when the node had more entries than asked for. */
export function moreEntriesNote(limit: number): string {
  return `(more than ${limit} entries: raise --limit or narrow with --prefix)`;
}
