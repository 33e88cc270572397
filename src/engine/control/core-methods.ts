import { arch, platform } from 'node:os';
import type { StatsRegistry } from '../stats/registry.js';
import { ctimeDate, isReady, type Identifier, type Report, type StatusRegistry } from '../status/registry.js';
import { MiError } from './errors.js';
import type { MethodDef } from './method.js';

/** What the core MI methods need from the node. */
export interface CoreCtx {
  version: string;
  startedAt: number;
  now(): number;
  methods: { names(): string[]; resolve(name: string): { help: string; module: string } };
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
const S = (name: string) => ({ name, type: 'string' as const });

export const coreMethods: Def[] = [
  {
    name: 'which',
    module: 'core',
    short: 'which',
    help: 'lists the available MI commands',
    paramSets: [[]],
    handler: (_p, ctx) => ctx.methods.names(),
  },
  {
    name: 'help',
    module: 'core',
    short: 'help',
    help: 'prints information about an MI command',
    paramSets: [[], [S('mi_cmd')]],
    handler: (p, ctx) => {
      if (p.mi_cmd === undefined) return { Help: 'use the "which" command to list the MI commands' };
      const def = ctx.methods.resolve(String(p.mi_cmd));
      return { Help: def.help, 'Exported by': def.module };
    },
  },
  {
    name: 'version',
    module: 'core',
    short: 'version',
    help: 'prints the version of the running node',
    paramSets: [[]],
    handler: (_p, ctx) => ({ Server: `cl (${ctx.version} (${arch()}/${platform()}))` }),
  },
  {
    name: 'uptime',
    module: 'core',
    short: 'uptime',
    help: 'prints the time the node has been running',
    paramSets: [[]],
    handler: (_p, ctx) => {
      const now = ctx.now();
      return {
        Now: ctimeDate(Math.floor(now / 1000)),
        'Up since': ctimeDate(Math.floor(ctx.startedAt / 1000)),
        'Up time': `${Math.floor((now - ctx.startedAt) / 1000)} [sec]`,
      };
    },
  },
  {
    name: 'ps',
    module: 'core',
    short: 'ps',
    help: 'lists the processes of the node',
    paramSets: [[]],
    handler: () => ({ Processes: [{ ID: 0, PID: process.pid, Type: 'cl node (event loop)' }] }),
  },
  {
    name: 'get_statistics',
    module: 'statistics',
    short: 'get',
    help: 'prints the values of the given statistics (names, `module:` groups or `all`)',
    paramSets: [[{ name: 'statistics', type: 'array' }]],
    handler: (p, ctx) => ctx.stats.read(p.statistics as string[]),
  },
  {
    name: 'reset_statistics',
    module: 'statistics',
    short: 'reset',
    help: 'resets the given counters to zero',
    paramSets: [[{ name: 'statistics', type: 'array' }]],
    handler: (p, ctx) => {
      for (const s of p.statistics as string[]) ctx.stats.reset(s.includes(':') ? s.slice(s.indexOf(':') + 1) : s);
      return 'OK';
    },
  },
  {
    name: 'list_statistics',
    module: 'statistics',
    short: 'list',
    help: 'lists the statistics and their modules',
    paramSets: [[]],
    handler: (_p, ctx) => ({ Modules: ctx.stats.modules(), Statistics: Object.keys(ctx.stats.read(['all'])) }),
  },
  {
    name: 'sr_get_status',
    module: 'status_report',
    short: 'status',
    help: 'prints the status of one status/report identifier',
    paramSets: [[S('group')], [S('group'), S('identifier')]],
    handler: (p, ctx) => statusJson(identOf(ctx, String(p.group), p.identifier), false),
  },
  {
    name: 'sr_list_status',
    module: 'status_report',
    short: 'list_status',
    help: 'lists the status of every identifier of a group (or of all groups)',
    paramSets: [[], [S('group')]],
    handler: (p, ctx) => {
      if (p.group !== undefined) return groupOf(ctx, String(p.group)).map((i) => statusJson(i, true));
      return ctx.status.groupNames().map((g) => ({ Group: g, Identifiers: groupOf(ctx, g).map((i) => statusJson(i, true)) }));
    },
  },
  {
    name: 'sr_list_reports',
    module: 'status_report',
    short: 'reports',
    help: 'lists the report history of an identifier (or of every identifier of a group)',
    paramSets: [[S('group')], [S('group'), S('identifier')]],
    handler: (p, ctx) => {
      if (p.identifier !== undefined) return identOf(ctx, String(p.group), p.identifier).reports.map(reportJson);
      return groupOf(ctx, String(p.group)).map((i) => ({ Name: i.name, Reports: i.reports.map(reportJson) }));
    },
  },
  {
    name: 'sr_list_identifiers',
    module: 'status_report',
    short: 'identifiers',
    help: 'lists the identifiers of a group (or of all groups)',
    paramSets: [[], [S('group')]],
    handler: (p, ctx) => {
      const one = (g: string) => ({ Group: g, Identifiers: groupOf(ctx, g).map((i) => i.name) });
      return p.group !== undefined ? one(String(p.group)) : ctx.status.groupNames().map(one);
    },
  },
];
