/**
 * Statistics, addressed as `<module>:<name>` like OpenSIPS. A statistic is
 * either a counter the engine bumps or a function evaluated when read.
 */
export type StatSource = () => number;

interface Stat {
  module: string;
  name: string;
  read: StatSource;
}

export class StatsRegistry {
  private readonly stats = new Map<string, Stat>();
  /** Counter values in cells, so that a bump is one addition, not a map lookup (one per packet). */
  private readonly counters = new Map<string, { value: number }>();

  /** A statistic computed on read (e.g. the number of nodes up). */
  gauge(module: string, name: string, read: StatSource): void {
    this.stats.set(name, { module, name, read });
  }

  /** A monotonically increasing counter; returns its incrementer. */
  counter(module: string, name: string): (by?: number) => void {
    const cell = { value: 0 };
    this.counters.set(name, cell);
    this.gauge(module, name, () => cell.value);
    return (by = 1) => {
      cell.value += by;
    };
  }

  reset(name: string): boolean {
    const cell = this.counters.get(name);
    if (!cell) return false;
    cell.value = 0;
    return true;
  }

  /**
   * Resolves OpenSIPS-style selectors: `all`, `module:` (a whole group) or a
   * statistic name (with or without its `module:` prefix). Unknown names are
   * left out, as OpenSIPS does.
   */
  read(selectors: string[]): Record<string, number> {
    const out: Record<string, number> = {};
    const add = (s: Stat): void => {
      out[`${s.module}:${s.name}`] = s.read();
    };
    for (const sel of selectors) {
      if (sel === 'all') this.stats.forEach(add);
      else if (sel.endsWith(':')) this.stats.forEach((s) => s.module === sel.slice(0, -1) && add(s));
      else {
        const name = sel.includes(':') ? sel.slice(sel.indexOf(':') + 1) : sel;
        const s = this.stats.get(name);
        if (s && (!sel.includes(':') || sel.startsWith(`${s.module}:`))) add(s);
      }
    }
    return out;
  }

  modules(): string[] {
    return [...new Set([...this.stats.values()].map((s) => s.module))];
  }
}
