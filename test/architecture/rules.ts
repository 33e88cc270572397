/**
 * The import rules of src/, as data. docs/architecture.md ("Layers and
 * imports") explains them; a change here is a change of the architecture.
 *
 * A part is a folder of src/engine (`src/engine/config/`), a file directly
 * in src/engine (`src/engine/errors.ts`) or a folder directly in src
 * (`src/cli/`). Type-only imports count like the others: they couple the
 * files just the same.
 */

export interface Layer {
  name: string;
  /** Parts of the layer; a folder that does not exist yet is listed so that new code lands in its place. */
  parts: readonly string[];
  /** Whether the parts of this layer may import each other (cycles are refused anyway). */
  peersMayImport: boolean;
}

/** An import the rules refuse but that is allowed, with why. `from` is a part or a file, `to` a file. */
export interface Exception {
  from: string;
  to: string;
  reason: string;
}

export interface Rules {
  /** The engine's layers, bottom first: a part imports parts of its own layer (when allowed) or of layers below. */
  engineLayers: readonly Layer[];
  /** Parts outside the engine and what each may import besides itself: parts, layer names, or `engine` for any engine part. */
  outside: Readonly<Record<string, readonly string[]>>;
  /** Parts outside the engine that engine layers may import: part → the layers that may. */
  engineMayImport: Readonly<Record<string, readonly string[]>>;
  /** Packages the engine never imports (they belong to the CLI). */
  engineForbiddenPackages: readonly string[];
  exceptions: readonly Exception[];
}

const e = (...names: string[]): string[] => names.map((n) => `src/engine/${n}`);

export const ENGINE_LAYERS: readonly Layer[] = [
  {
    // Imports nothing above itself: errors, logging, version, lazy built-ins,
    // default paths, the clock, typed events, the part interface, the parsed
    // configuration, counters and status reports, and common/ (pure helpers
    // the client may import too).
    name: 'foundation',
    parts: e('errors.ts', 'log.ts', 'version.ts', 'builtin.ts', 'paths.ts', 'clock.ts', 'emitter.ts', 'part.ts', 'common/', 'config/', 'stats/', 'status/'),
    peersMayImport: true,
  },
  { name: 'wire', parts: e('wire/'), peersMayImport: false },
  { name: 'transport', parts: e('transport/'), peersMayImport: false },
  { name: 'topology', parts: e('topology/'), peersMayImport: false },
  { name: 'cluster', parts: e('cluster/'), peersMayImport: false },
  {
    // Features built on the cluster; provisioning (db_mode 1) is one of them:
    // it uses the cluster and nothing of the node.
    name: 'features',
    parts: e('capabilities/', 'shtags/', 'messages/', 'events/', 'provisioning/'),
    peersMayImport: false,
  },
  // Data kept by the cluster, built on the capabilities layer: the
  // replicated key-value store (wire-compatible with cachedb_local).
  { name: 'data', parts: e('kv/'), peersMayImport: false },
  { name: 'node', parts: e('node/'), peersMayImport: false },
  { name: 'control', parts: e('control/'), peersMayImport: false },
  { name: 'composition root', parts: e('node.ts', 'index.ts'), peersMayImport: true },
  // Whole nodes on an in-memory network and a simulated clock (tests,
  // benchmarks): above the composition root, so nothing in src imports it.
  { name: 'simulation', parts: e('sim/'), peersMayImport: false },
];

export const OUTSIDE: Readonly<Record<string, readonly string[]>> = {
  // The control contract (method names, parameters, results, error codes)
  // that the node serves and the client calls: plain data and types.
  'src/contract/': ['foundation'],
  // The client talks to a node over its socket: it loads no engine layer.
  'src/client/': ['src/contract/', 'foundation'],
  'src/render/': ['src/contract/', 'src/client/', 'engine'],
  'src/cli/': ['src/contract/', 'src/client/', 'src/render/', 'engine'],
  // A command file never imports another command file (checked apart).
  'src/commands/': ['src/contract/', 'src/cli/', 'src/client/', 'src/render/', 'engine'],
  // The entry points: the command table (every command by its id), oclif's
  // commands made from it and the `cl node start` bundle. They sit above
  // the commands and the CLI plumbing, so that neither imports the other's
  // folder back.
  'src/main/': ['src/cli/', 'src/commands/', 'src/contract/', 'src/client/', 'src/render/', 'engine'],
};

/** The node serves the contract: its control layer (and the composition root) import it. */
export const ENGINE_MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  'src/contract/': ['control', 'composition root'],
};

export const EXCEPTIONS: readonly Exception[] = [
  {
    from: 'src/engine/cluster/',
    to: 'src/engine/events/bus.ts',
    reason: 'the clusterer raises its node-state events on the bus the node gives it; bus.ts imports nothing (type-only import)',
  },
  { from: 'src/engine/shtags/', to: 'src/engine/events/bus.ts', reason: 'sharing tags raise their state changes as events on the bus; bus.ts imports nothing' },
  { from: 'src/engine/messages/', to: 'src/engine/events/bus.ts', reason: 'received messages are raised as events on the bus; bus.ts imports nothing' },
  { from: 'src/engine/messages/', to: 'src/engine/events/names.ts', reason: 'the OpenSIPS event names; names.ts imports nothing' },
];

export const RULES: Rules = {
  engineLayers: ENGINE_LAYERS,
  outside: OUTSIDE,
  engineMayImport: ENGINE_MAY_IMPORT,
  engineForbiddenPackages: ['@oclif/core', 'chalk', 'cli-table3'],
  exceptions: EXCEPTIONS,
};
