/** Checks import edges against the rules of rules.ts; pure, so it can be tested on made-up imports. */
import type { ImportEdge } from './imports.js';
import type { Exception, Layer, Rules } from './rules.js';

export interface Violation {
  file: string;
  line: number;
  spec: string;
  rule: string;
}

/** The part a repository path belongs to (see rules.ts), or undefined outside src/. */
export function partOf(file: string): string | undefined {
  const m = /^src\/engine\/([^/]+)(\/)?/.exec(file);
  if (m) return m[2] ? `src/engine/${m[1]}/` : `src/engine/${m[1]}`;
  const top = /^src\/([^/]+)\//.exec(file);
  return top ? `src/${top[1]}/` : undefined;
}

const isEngine = (part: string): boolean => part.startsWith('src/engine/');

const excepted = (rules: Rules, edge: ImportEdge): Exception | undefined =>
  rules.exceptions.find((x) => (edge.from === x.from || (x.from.endsWith('/') && edge.from.startsWith(x.from))) && edge.to === x.to);

function layerIndex(rules: Rules): Map<string, { layer: Layer; rank: number }> {
  const m = new Map<string, { layer: Layer; rank: number }>();
  rules.engineLayers.forEach((layer, rank) => layer.parts.forEach((p) => m.set(p, { layer, rank })));
  return m;
}

/** Why the import from part `from` to part `to` is refused, or undefined when it is allowed. */
function refusal(rules: Rules, layers: ReturnType<typeof layerIndex>, from: string, to: string): string | undefined {
  if (from === to) return from === 'src/commands/' ? 'a command file never imports another command file' : undefined;
  if (isEngine(from)) {
    const a = layers.get(from);
    if (!isEngine(to)) {
      const by = rules.engineMayImport[to];
      if (by === undefined) return `the engine never imports ${to}`;
      return a && by.includes(a.layer.name) ? undefined : `${to} is imported in the engine only by ${by.join(', ')}`;
    }
    const b = layers.get(to);
    if (!a) return `${from} is in no layer of the table in test/architecture/rules.ts`;
    if (!b) return `${to} is in no layer of the table in test/architecture/rules.ts`;
    if (b.rank > a.rank) return `${from} (${a.layer.name}) imports ${to} (${b.layer.name}, a layer above)`;
    if (b.rank === a.rank && !a.layer.peersMayImport) return `${from} and ${to} are siblings in layer ${a.layer.name}, which do not import each other`;
    return undefined;
  }
  const allowed = rules.outside[from];
  if (!allowed) return `${from} is not in the table in test/architecture/rules.ts`;
  const layer = layers.get(to)?.layer.name;
  const ok = allowed.includes(to) || (isEngine(to) && (allowed.includes('engine') || (layer !== undefined && allowed.includes(layer))));
  return ok ? undefined : `${from} may import only ${allowed.join(', ')}`;
}

/** Every import against the rules, naming the file, the line and the import. */
export function checkImports(edges: readonly ImportEdge[], rules: Rules): Violation[] {
  const layers = layerIndex(rules);
  const out: Violation[] = [];
  for (const edge of edges) {
    const from = partOf(edge.from);
    if (from === undefined || excepted(rules, edge)) continue;
    const to = partOf(edge.to);
    let rule: string | undefined;
    if (to !== undefined) rule = refusal(rules, layers, from, to);
    else if (isEngine(from) && rules.engineForbiddenPackages.some((p) => edge.to === p || edge.to.startsWith(`${p}/`))) rule = `the engine never imports the CLI package ${edge.to}`;
    if (rule) out.push({ file: edge.from, line: edge.line, spec: edge.spec, rule: edge.typeOnly ? `${rule} (type-only imports count too)` : rule });
  }
  return out;
}

/** The exceptions no import uses any more: they should be removed. */
export const unusedExceptions = (edges: readonly ImportEdge[], rules: Rules): Exception[] =>
  rules.exceptions.filter((x) => !edges.some((edge) => excepted({ ...rules, exceptions: [x] }, edge)));

/** The graph between parts, one example import per pair; excepted imports are left out. */
export function partGraph(edges: readonly ImportEdge[], rules: Rules): Map<string, Map<string, ImportEdge>> {
  const g = new Map<string, Map<string, ImportEdge>>();
  for (const edge of edges) {
    const a = partOf(edge.from);
    const b = partOf(edge.to);
    if (a === undefined || b === undefined || a === b || excepted(rules, edge)) continue;
    const out = g.get(a) ?? new Map<string, ImportEdge>();
    if (!out.has(b)) out.set(b, edge);
    g.set(a, out);
  }
  return g;
}

/** Strongly connected components of more than one part (Tarjan). */
function components(g: Map<string, Map<string, ImportEdge>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const strong = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const comp: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1) found.push(comp.sort());
  };
  for (const v of [...g.keys()].sort()) if (!index.has(v)) strong(v);
  return found;
}

/** A shortest way back to `start` inside `within`, as parts: [start, …, start]. */
function cycleFrom(g: Map<string, Map<string, ImportEdge>>, start: string, within: Set<string>): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of g.get(v)?.keys() ?? []) {
      if (!within.has(w)) continue;
      if (w === start) {
        const between: string[] = [];
        for (let x: string | undefined = v; x !== undefined && x !== start; x = prev.get(x)) between.unshift(x);
        return [start, ...between, start];
      }
      if (!prev.has(w) && w !== start) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** Every cycle between parts, one per strongly connected group, each step with an import that makes it. */
export function partCycles(edges: readonly ImportEdge[], rules: Rules): string[] {
  const g = partGraph(edges, rules);
  return components(g).map((comp) => {
    const path = cycleFrom(g, comp[0]!, new Set(comp));
    const steps = path.slice(1).map((to, i) => {
      const edge = g.get(path[i]!)!.get(to)!;
      return `${path[i]} → ${to} (${edge.from}:${edge.line} '${edge.spec}')`;
    });
    return `cycle between ${comp.join(', ')}: ${steps.join('; ')}`;
  });
}

export const formatViolation = (v: Violation): string => `${v.file}:${v.line} imports '${v.spec}': ${v.rule}`;
