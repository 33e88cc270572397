import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ClientError } from './errors.js';

/** One node the operator named, as the client reaches it. */
export interface NamedNode {
  name: string;
  socket?: string;
  url?: string;
  token?: string;
}

/**
 * The client's own configuration (like opensips-cli's instances): named
 * nodes, so that `cl --node edge2 cluster list` and `cl --all-nodes …` work.
 *
 * ```yaml
 * nodes:
 *   edge1: { socket: /run/cl/edge1.sock }
 *   edge2: { url: "http://10.0.0.2:8888/mi", token: "…" }
 * ```
 */
export interface ClientConfig {
  path: string;
  nodes: NamedNode[];
}

/** `$CL_CONFIG`, else `$XDG_CONFIG_HOME/cl/config.yaml`, else `~/.config/cl/config.yaml`. */
export function clientConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CL_CONFIG) return env.CL_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'cl', 'config.yaml');
}

const bad = (path: string, what: string): ClientError => new ClientError('CL_ERR_CLIENT_CONFIG', `${path}: ${what}`);

/** Reads and checks the client configuration; a missing file or a bad entry is an error naming the file and the entry. */
export async function loadClientConfig(env: NodeJS.ProcessEnv = process.env): Promise<ClientConfig> {
  const path = clientConfigPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw bad(path, code === 'ENOENT' ? 'no such file: --node and --all-nodes name the nodes listed there (see cl(1), FILES)' : `cannot read it (${code ?? String(err)})`);
  }
  const { parse } = await import('yaml');
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw bad(path, `not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const nodes = (doc as { nodes?: unknown } | null)?.nodes;
  if (typeof nodes !== 'object' || nodes === null || Array.isArray(nodes)) throw bad(path, 'expected a mapping "nodes:" of node names to {socket} or {url, token}');
  const out: NamedNode[] = [];
  for (const [name, v] of Object.entries(nodes as Record<string, unknown>)) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(path, `nodes.${name}: expected {socket: PATH} or {url: URL, token: TOKEN}`);
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!['socket', 'url', 'token'].includes(k)) throw bad(path, `nodes.${name}.${k}: unknown key (known: socket, url, token)`);
    for (const k of ['socket', 'url', 'token'] as const) if (o[k] !== undefined && typeof o[k] !== 'string') throw bad(path, `nodes.${name}.${k}: expected a string`);
    if ((o.socket === undefined) === (o.url === undefined)) throw bad(path, `nodes.${name}: give exactly one of socket and url`);
    out.push({ name, ...(o.socket !== undefined ? { socket: o.socket as string } : {}), ...(o.url !== undefined ? { url: o.url as string } : {}), ...(o.token !== undefined ? { token: o.token as string } : {}) });
  }
  if (out.length === 0) throw bad(path, 'no nodes are named');
  return { path, nodes: out };
}

/** The named node, or an error listing the names there are. */
export function namedNode(cfg: ClientConfig, name: string): NamedNode {
  const n = cfg.nodes.find((x) => x.name === name);
  if (!n) throw new ClientError('CL_ERR_CLIENT_CONFIG', `${cfg.path}: no node named '${name}' (named: ${cfg.nodes.map((x) => x.name).join(', ')})`);
  return n;
}
