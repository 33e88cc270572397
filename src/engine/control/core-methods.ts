import { arch, platform } from 'node:os';
import type { StatsRegistry } from '../stats/registry.js';
import { ctimeDate, isReady, type Identifier, type Report, type StatusRegistry } from '../status/registry.js';
import { MiError } from './errors.js';
import { methodsFor, type MethodDef } from './method.js';

/** What the core MI methods need from the node. */
export interface CoreCtx {
  version: string;
  startedAt: number;
  now(): number;
  methods: { names(): string[]; aliases(): { name: string; module_cmd: string }[]; resolve(name: string): { help: string; module: string } };
  status: StatusRegistry;
  stats: StatsRegistry;
}

const reportJson = (r: Report): Record<string, unknown> => ({ Timestamp: r.timestamp, Date: ctimeDate(r.timestamp), Log: r.log });

function statusJson(id: Identifier, withName: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = withName ? { Name: id.name } : {};
  out.Readiness = isReady(id.status);
  out.Status = id.status;
  if (id.details !== undefined) out.Details = id.details;
  return out;
}

function groupOf(ctx: CoreCtx, group: string): Identifier[] {
  const g = ctx.status.group(group);
  if (!g) throw new MiError(404, 'Group not found');
  return g;
}

function identOf(ctx: CoreCtx, group: string, name: unknown): Identifier {
  const id = typeof name === 'string' ? groupOf(ctx, group).find((i) => i.name === name) : undefined;
  if (!id) throw new MiError(404, 'Identity not found');
  return id;
}

type Def = MethodDef<CoreCtx>;
const implement = methodsFor<CoreCtx>();

export const coreMethods: Def[] = [
  implement('which', (_p, ctx) => ctx.methods.names()),
  implement('cl_which', (_p, ctx) => ctx.methods.aliases()),
  implement('help', (p, ctx) => {
    if (p.mi_cmd === undefined) return { Help: 'use the "which" command to list the MI commands' };
    const def = ctx.methods.resolve(String(p.mi_cmd));
    return { Help: def.help, 'Exported by': def.module };
  }),
  implement('version', (_p, ctx) => ({ Server: `cl (${ctx.version} (${arch()}/${platform()}))` })),
  implement('uptime', (_p, ctx) => {
    const now = ctx.now();
    return {
      Now: ctimeDate(Math.floor(now / 1000)),
      'Up since': ctimeDate(Math.floor(ctx.startedAt / 1000)),
      'Up time': `${Math.floor((now - ctx.startedAt) / 1000)} [sec]`,
    };
  }),
  implement('ps', () => ({ Processes: [{ ID: 0, PID: process.pid, Type: 'cl node (event loop)' }] })),
  implement('get_statistics', (p, ctx) => ctx.stats.read(p.statistics as string[])),
  implement('reset_statistics', (p, ctx) => {
    for (const s of p.statistics as string[]) ctx.stats.reset(s.includes(':') ? s.slice(s.indexOf(':') + 1) : s);
    return 'OK';
  }),
  implement('list_statistics', (_p, ctx) => ({ Modules: ctx.stats.modules(), Statistics: Object.keys(ctx.stats.read(['all'])) })),
  implement('sr_get_status', (p, ctx) => statusJson(identOf(ctx, String(p.group), p.identifier), false)),
  implement('sr_list_status', (p, ctx) => {
    if (p.group !== undefined) return groupOf(ctx, String(p.group)).map((i) => statusJson(i, true));
    return ctx.status.groupNames().map((g) => ({ Group: g, Identifiers: groupOf(ctx, g).map((i) => statusJson(i, true)) }));
  }),
  implement('sr_list_reports', (p, ctx) => {
    if (p.identifier !== undefined) return identOf(ctx, String(p.group), p.identifier).reports.map(reportJson);
    return groupOf(ctx, String(p.group)).map((i) => ({ Name: i.name, Reports: i.reports.map(reportJson) }));
  }),
  implement('sr_list_identifiers', (p, ctx) => {
    const one = (g: string) => ({ Group: g, Identifiers: groupOf(ctx, g).map((i) => i.name) });
    return p.group !== undefined ? one(String(p.group)) : ctx.status.groupNames().map(one);
  }),
];
