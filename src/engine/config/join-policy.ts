import type { IssueList } from './errors.js';
import { isIPv4 } from './url.js';
import { INT_MAX, isRecord, show } from './values.js';

/** An IPv4 network: address and prefix length. */
export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  base: number;
  bits: number;
  /** As given, normalised (`10.1.0.0/16`). */
  text: string;
}

/**
 * Who may join a db_mode 0 cluster by discovery (our key `join_policy`):
 * `any` (OpenSIPS behaviour), only nodes whose address is in one of
 * `networks`, or `known`: only the nodes of the configuration.
 */
export type JoinPolicy = { kind: 'any' } | { kind: 'networks'; networks: Cidr[] } | { kind: 'known' };

export const JOIN_ANY: JoinPolicy = Object.freeze({ kind: 'any' });

const FORM = 'any, known, or { networks: [CIDR, …] }';

export const ipv4ToNumber = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);

/** Parses `A.B.C.D/N` or a bare address (a /32). Throws an Error naming what is wrong. */
export function parseCidr(input: string): Cidr {
  const s = input.trim();
  const slash = s.indexOf('/');
  const ip = slash < 0 ? s : s.slice(0, slash);
  const bitsText = slash < 0 ? '32' : s.slice(slash + 1);
  if (!isIPv4(ip)) throw new Error(`bad network ${JSON.stringify(input)}: ${JSON.stringify(ip)} is not an IPv4 address`);
  if (!/^\d{1,2}$/.test(bitsText) || Number(bitsText) > 32) throw new Error(`bad network ${JSON.stringify(input)}: prefix length must be 0-32`);
  const bits = Number(bitsText);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const base = (ipv4ToNumber(ip) & mask) >>> 0;
  const text = `${[24, 16, 8, 0].map((sh) => (base >>> sh) & 255).join('.')}/${bits}`;
  return { base, bits, text };
}

/** True when `ip` (IPv4) lies in `net`. */
export function inCidr(ip: string, net: Cidr): boolean {
  if (!isIPv4(ip)) return false;
  const mask = net.bits === 0 ? 0 : (0xffffffff << (32 - net.bits)) >>> 0;
  return ((ipv4ToNumber(ip) & mask) >>> 0) === net.base;
}

/** Whether a node at `ip` may join under `policy` (a configured node is always known, not joining). */
export function admits(policy: JoinPolicy, ip: string): boolean {
  if (policy.kind === 'any') return true;
  if (policy.kind === 'known') return false;
  return policy.networks.some((n) => inCidr(ip, n));
}

export const describePolicy = (p: JoinPolicy): string =>
  p.kind === 'networks' ? `networks: [${p.networks.map((n) => n.text).join(', ')}]` : p.kind;

/** One policy: `any`, `known` or `{ networks: [...] }`. */
function parseOne(v: unknown, problems: string[]): JoinPolicy | undefined {
  if (v === 'any') return JOIN_ANY;
  if (v === 'known') return { kind: 'known' };
  if (isRecord(v) && 'networks' in v) {
    const extra = Object.keys(v).filter((k) => k !== 'networks');
    if (extra.length > 0) problems.push(`unknown option '${extra[0]}' (expected ${FORM})`);
    const list = v.networks;
    if (!Array.isArray(list) || list.length === 0) {
      problems.push(`networks must be a non-empty list of CIDR networks such as 10.0.0.0/8, got ${show(list)}`);
      return undefined;
    }
    const networks: Cidr[] = [];
    for (const item of list) {
      if (typeof item !== 'string') problems.push(`bad network ${show(item)} (expected a string such as 10.0.0.0/8)`);
      else {
        try {
          networks.push(parseCidr(item));
        } catch (err) {
          problems.push((err as Error).message);
        }
      }
    }
    return problems.length === 0 ? { kind: 'networks', networks } : undefined;
  }
  problems.push(`expected ${FORM}, got ${show(v)}`);
  return undefined;
}

/**
 * `join_policy`: one policy for every cluster, or a mapping of cluster ids to
 * policies (clusters not listed: `any`). Returns the policy of each cluster
 * given; `default` applies to the others.
 */
export function readJoinPolicy(raw: unknown, clusters: readonly number[], issues: IssueList, warnings: string[]): { default: JoinPolicy; byCluster: Map<number, JoinPolicy> } {
  const out = { default: JOIN_ANY, byCluster: new Map<number, JoinPolicy>() };
  if (raw === undefined) return out;
  const perCluster = isRecord(raw) && Object.keys(raw).length > 0 && Object.keys(raw).every((k) => /^\d+$/.test(k));
  if (!perCluster) {
    const problems: string[] = [];
    const p = parseOne(raw, problems);
    for (const m of problems) issues.add('join_policy', m);
    if (p) out.default = p;
    return out;
  }
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const id = Number(k);
    const key = `join_policy.${k}`;
    if (id < 1 || id > INT_MAX) {
      issues.add(key, 'cluster id must be greater than 0');
      continue;
    }
    const problems: string[] = [];
    const p = parseOne(v, problems);
    for (const m of problems) issues.add(key, m);
    if (!p) continue;
    if (!clusters.includes(id)) warnings.push(`join_policy: this node is not in cluster ${id}; its policy is ignored`);
    out.byCluster.set(id, p);
  }
  return out;
}
