/** ANSI SGR sequences (colours), which take no room on a terminal. */
const SGR = /\u001b\[[0-9;]*m/g;

/** Columns a cell takes: its characters without the colour codes (wide characters count as two). */
export function cellWidth(cell: string): number {
  let w = 0;
  for (const ch of cell.replace(SGR, '')) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

/** East Asian wide and fullwidth ranges, and emoji: two columns on a terminal. */
function isWide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd);
}

/**
 * Borderless left-aligned columns two spaces apart (kubectl style): easy to
 * read and to cut with awk. Cells may carry ANSI colours; widths ignore them.
 * A line break or tab in a cell becomes a space (one row stays one line).
 */
export function columns(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [head, ...rows].map((r) => r.map((c) => c.replace(/[\r\n\t]+/g, ' ')));
  const n = Math.max(...all.map((r) => r.length));
  const widths = Array.from({ length: n }, (_, i) => Math.max(...all.map((r) => cellWidth(r[i] ?? ''))));
  return all
    .map((r) =>
      Array.from({ length: n }, (_, i) => {
        const c = r[i] ?? '';
        return i === n - 1 ? c : c + ' '.repeat(widths[i]! - cellWidth(c));
      })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
