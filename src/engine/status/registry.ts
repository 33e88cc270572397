/**
 * Status/report framework (OpenSIPS `sr_*`): groups of identifiers, each
 * with a status, optional details, and a bounded history of report lines.
 */

/** Each identifier keeps this many reports, like OpenSIPS. */
export const MAX_REPORTS = 200;

export interface Report {
  /** Unix seconds. */
  timestamp: number;
  log: string;
}

export interface Identifier {
  name: string;
  status: number;
  details: string | undefined;
  reports: Report[];
}

export type Clock = () => number;

export class StatusRegistry {
  private readonly groups = new Map<string, Identifier[]>();

  constructor(private readonly now: Clock = Date.now) {}

  /** Registers (or returns the existing) identifier; the newest is listed first. */
  identifier(group: string, name: string, status = 1, details?: string): Identifier {
    const list = this.groups.get(group) ?? [];
    let id = list.find((i) => i.name === name);
    if (!id) {
      id = { name, status, details, reports: [] };
      list.unshift(id);
      this.groups.set(group, list);
    }
    return id;
  }

  setStatus(group: string, name: string, status: number, details?: string): void {
    const id = this.identifier(group, name);
    id.status = status;
    id.details = details;
  }

  report(group: string, name: string, log: string): void {
    const id = this.identifier(group, name);
    id.reports.push({ timestamp: Math.floor(this.now() / 1000), log });
    if (id.reports.length > MAX_REPORTS) id.reports.splice(0, id.reports.length - MAX_REPORTS);
  }

  group(group: string): Identifier[] | undefined {
    return this.groups.get(group);
  }

  find(group: string, name: string): Identifier | undefined {
    return this.groups.get(group)?.find((i) => i.name === name);
  }

  groupNames(): string[] {
    return [...this.groups.keys()];
  }
}

/** OpenSIPS readiness: an identifier is ready when its status is positive. */
export const isReady = (status: number): boolean => status > 0;

/** ctime(3)-style date, as OpenSIPS prints it: `Sat Nov 21 20:55:35 2026`. */
export function ctimeDate(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, ' ');
  return `${days[d.getDay()]} ${months[d.getMonth()]} ${day} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${d.getFullYear()}`;
}
