import { ShtagCode, ShtagError, parseTagRef, Reason, type ShtagManager, type TagRef, type TagView } from '../../shtags/index.js';
import { MiError } from '../errors.js';
import { methodsFor, type MethodDef } from '../method.js';

/** What the sharing-tag MI methods need from the node. */
export interface ShtagCtx {
  shtags: ShtagManager;
}

type Def = MethodDef<ShtagCtx>;
const implement = methodsFor<ShtagCtx>();

/** Engine errors → the MI errors OpenSIPS answers (no `data`: replies stay byte-identical). */
function miError(err: unknown): unknown {
  if (!(err instanceof ShtagError)) return err;
  switch (err.code) {
    case ShtagCode.BAD_FORMAT:
      return new MiError(400, 'Bad tag format <name/cluster_id>', undefined, { cause: err, code: err.code });
    case ShtagCode.BAD_CLUSTER_ID:
      return new MiError(400, 'Bad cluster ID in tag', undefined, { cause: err, code: err.code });
    case ShtagCode.UNKNOWN_CLUSTER:
      return new MiError(404, 'Cluster ID not found', undefined, { cause: err, code: err.code, detail: err.message });
    case ShtagCode.BACKUP_NOT_ALLOWED:
      return new MiError(400, err.message, `${err.code}: a node goes to backup only when another node activates the tag; activate it on the node that should own it`, { cause: err, code: err.code });
  }
  return err;
}

/** Runs `fn` on the parsed `tag` param, mapping sharing-tag errors to MI errors. */
function withTag<T>(raw: unknown, fn: (ref: TagRef) => T): T {
  try {
    return fn(parseTagRef(String(raw)));
  } catch (err) {
    throw miError(err);
  }
}

/** `cl_shtag_*` reply item: OpenSIPS's three keys plus since and reason. */
export function shtagJson(t: TagView): { Tag: string; Cluster: number; State: string; Since: string; Reason: string } {
  return { Tag: t.name, Cluster: t.clusterId, State: t.state, Since: new Date(t.since).toISOString(), Reason: t.reason };
}

export const shtagMethods: Def[] = [
  implement('clusterer_list_shtags', (_p, ctx) => ctx.shtags.list().map((t) => ({ Tag: t.name, Cluster: t.clusterId, State: t.state }))),
  implement('clusterer_shtag_set_active', (p, ctx) => withTag(p.tag, (r) => (ctx.shtags.setActive(r.name, r.clusterId, Reason.MI), 'OK'))),
  implement('cl_shtag_get', (p, ctx) =>
    withTag(p.tag, (r) => {
      const known = ctx.shtags.find(r.name, r.clusterId) !== undefined;
      if (!known && p.create === 0) {
        const tags = ctx.shtags.list().map((t) => `${t.name}/${t.clusterId}`);
        throw new MiError(404, 'Sharing tag not found', undefined, {
          code: 'CL_ERR_SHTAG_UNKNOWN_TAG',
          detail: `sharing tag ${r.name}/${r.clusterId} is not known to this node, and create is 0 (its tags: ${tags.join(', ') || 'none'})`,
        });
      }
      return known ? shtagJson(ctx.shtags.get(r.name, r.clusterId)) : { ...shtagJson(ctx.shtags.get(r.name, r.clusterId)), Created: true };
    }),
  ),
  implement('cl_shtag_list', (_p, ctx) => ctx.shtags.list().map(shtagJson)),
  implement('cl_shtag_set', (p, ctx) => {
    const state = String(p.state);
    if (state !== 'active' && state !== 'backup') throw new MiError(400, "Bad value for 'state'", 'CL_ERR_SHTAG_BAD_STATE: expected active or backup', { code: 'CL_ERR_SHTAG_BAD_STATE' });
    return withTag(p.tag, (r) => (ctx.shtags.setState(r.name, r.clusterId, state, Reason.MI), 'OK'));
  }),
];
