import { ConfigValueError, type IssueList } from './errors.js';
import { INT_MAX, isRecord, show, toList } from './values.js';

/** What a backup does when the active node of a tag becomes unreachable. OpenSIPS: nothing. */
export type OnDown = 'none' | 'takeover';
/** How an active node settles a meeting with another active node. OpenSIPS: none (it steps down). */
export type OnConflict = 'none' | 'lowest_id' | 'keep_oldest';

/**
 * A `sharing_tag_policy` entry (our key, not an OpenSIPS parameter):
 * `"vip/1: on_down=takeover, on_conflict=lowest_id"` or
 * `{ tag: vip/1, on_down: takeover, on_conflict: keep_oldest }`.
 */
export interface SharingTagPolicyConfig {
  name: string;
  clusterId: number;
  onDown: OnDown;
  onConflict: OnConflict;
}

const ON_DOWN: readonly OnDown[] = ['none', 'takeover'];
const ON_CONFLICT: readonly OnConflict[] = ['none', 'lowest_id', 'keep_oldest'];
const FORM = '"name/cluster_id: on_down=none|takeover, on_conflict=none|lowest_id|keep_oldest"';

function parseTagPart(s: string, problems: string[]): { name?: string; clusterId?: number } {
  const slash = s.indexOf('/');
  if (slash < 0) {
    problems.push(`bad tag ${JSON.stringify(s)}, expected name/cluster_id`);
    return {};
  }
  const name = s.slice(0, slash).trim();
  const cid = s.slice(slash + 1).trim();
  const out: { name?: string; clusterId?: number } = {};
  if (name === '' || /[/=,:]/.test(name)) problems.push(`bad tag name ${JSON.stringify(name)}`);
  else out.name = name;
  if (/^\d+$/.test(cid) && Number(cid) >= 1 && Number(cid) <= INT_MAX) out.clusterId = Number(cid);
  else problems.push(`bad cluster id ${JSON.stringify(cid)}, expected an integer greater than 0`);
  return out;
}

function pick<T extends string>(key: string, v: unknown, allowed: readonly T[], problems: string[]): T | undefined {
  const s = typeof v === 'string' ? v.trim() : v;
  if (allowed.includes(s as T)) return s as T;
  problems.push(`bad ${key} ${show(v)}, expected one of ${allowed.join(', ')}`);
  return undefined;
}

/** Parses one policy entry; throws ConfigValueError listing every problem. */
export function parseSharingTagPolicy(input: unknown): SharingTagPolicyConfig {
  const problems: string[] = [];
  let tag: { name?: string; clusterId?: number } = {};
  const opts: Record<string, unknown> = {};
  if (typeof input === 'string') {
    const colon = input.indexOf(':');
    if (colon < 0) throw new ConfigValueError([`bad sharing tag policy ${JSON.stringify(input)}: expected ${FORM}`]);
    tag = parseTagPart(input.slice(0, colon), problems);
    for (const part of input.slice(colon + 1).split(',')) {
      if (part.trim() === '') continue;
      const eq = part.indexOf('=');
      const k = (eq < 0 ? part : part.slice(0, eq)).trim();
      if (eq < 0) problems.push(`option '${k}' has no value`);
      else if (k in opts) problems.push(`option '${k}' given twice`);
      else opts[k] = part.slice(eq + 1);
    }
  } else if (isRecord(input)) {
    if (typeof input.tag === 'string') tag = parseTagPart(input.tag, problems);
    else problems.push(`bad tag ${show(input.tag)}, expected "name/cluster_id"`);
    for (const [k, v] of Object.entries(input)) if (k !== 'tag') opts[k] = v;
  } else {
    throw new ConfigValueError([`expected ${FORM} or a mapping with tag, on_down, on_conflict; got ${show(input)}`]);
  }
  for (const k of Object.keys(opts)) if (k !== 'on_down' && k !== 'on_conflict') problems.push(`unknown option '${k}' (known: on_down, on_conflict)`);
  if (!('on_down' in opts) && !('on_conflict' in opts)) problems.push('no option given (on_down, on_conflict)');
  const onDown = 'on_down' in opts ? pick('on_down', opts.on_down, ON_DOWN, problems) : 'none';
  const onConflict = 'on_conflict' in opts ? pick('on_conflict', opts.on_conflict, ON_CONFLICT, problems) : 'none';
  if (problems.length > 0 || tag.name === undefined || tag.clusterId === undefined || !onDown || !onConflict) {
    throw new ConfigValueError(problems.map((p) => (typeof input === 'string' ? `${JSON.stringify(input)}: ${p}` : p)));
  }
  return { name: tag.name, clusterId: tag.clusterId, onDown, onConflict };
}

/**
 * Reads the repeatable `sharing_tag_policy` key. Problems go to `issues`
 * (`sharing_tag_policy[i]`); a policy for a cluster the node is not in is
 * dropped with a warning (db_mode 0, like a sharing_tag).
 */
export function readSharingTagPolicies(raw: unknown, clusters: readonly number[] | null, issues: IssueList, warnings: string[]): SharingTagPolicyConfig[] {
  if (raw === undefined) return [];
  const out: SharingTagPolicyConfig[] = [];
  toList(raw).forEach((item, i) => {
    const key = Array.isArray(raw) ? `sharing_tag_policy[${i}]` : 'sharing_tag_policy';
    let p: SharingTagPolicyConfig;
    try {
      p = parseSharingTagPolicy(item);
    } catch (err) {
      issues.addError(key, err);
      return;
    }
    const tag = `${p.name}/${p.clusterId}`;
    if (out.some((o) => o.name === p.name && o.clusterId === p.clusterId)) return issues.add(key, `duplicate policy for tag ${tag}`);
    if (clusters !== null && !clusters.includes(p.clusterId)) {
      warnings.push(`cluster id [${p.clusterId}] required by the policy of tag <${p.name}> not found, ignoring it`);
      return;
    }
    if (p.onDown === 'takeover' && p.onConflict === 'none') {
      warnings.push(`${key}: on_down=takeover without on_conflict: when the old active node of ${tag} comes back, both nodes may end up backup; add on_conflict=lowest_id or keep_oldest`);
    }
    out.push(p);
  });
  return out;
}

/** Canonical text form, e.g. `vip/1: on_down=takeover, on_conflict=lowest_id`. */
export function formatSharingTagPolicy(p: SharingTagPolicyConfig): string {
  return `${p.name}/${p.clusterId}: on_down=${p.onDown}, on_conflict=${p.onConflict}`;
}
