/**
 * The Prometheus text exposition format (version 0.0.4): metric families
 * with their HELP and TYPE lines, then one line per sample.
 */

/** `Content-Type` of a scrape reply. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'counter' | 'gauge';

export interface Sample {
  labels?: Readonly<Record<string, string | number>>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

const NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A label value with `\`, `"` and newlines escaped, as the format requires. */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** HELP text: only `\` and newlines are escaped there. */
function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function formatLabels(labels: Readonly<Record<string, string | number>> | undefined, metric: string): string {
  if (!labels) return '';
  const parts = Object.entries(labels).map(([k, v]) => {
    if (!LABEL_RE.test(k) || k.startsWith('__')) throw new Error(`metric ${metric}: bad label name '${k}'`);
    return `${k}="${escapeLabelValue(String(v))}"`;
  });
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/**
 * The exposition text of `families`. A family without samples keeps its
 * HELP and TYPE lines, so a scraper sees the metric exists. A bad metric or
 * label name is a programming error and throws.
 */
export function exposition(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const f of families) {
    if (!NAME_RE.test(f.name)) throw new Error(`bad metric name '${f.name}'`);
    if (seen.has(f.name)) throw new Error(`metric ${f.name} listed twice`);
    seen.add(f.name);
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) out.push(`${f.name}${formatLabels(s.labels, f.name)} ${formatValue(s.value)}`);
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
