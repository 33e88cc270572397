import { Chalk, type ChalkInstance } from 'chalk';

export interface RenderOptions {
  /** ANSI colours; the command sets it only when stdout is a terminal. */
  color: boolean;
}

/** A chalk bound to the caller's choice, never to what chalk detects on its own. */
export function palette(opts: RenderOptions): ChalkInstance {
  return new Chalk({ level: opts.color ? 1 : 0 });
}

/** Colours for a link state (`Up`, `Probe`, `Down`, or `Up (reported by node 3)`). */
export function paintLink(c: ChalkInstance, state: string): string {
  if (state.startsWith('Up')) return c.green(state);
  if (state.startsWith('Probe')) return c.yellow(state);
  if (state.startsWith('Down')) return c.red(state);
  return state;
}

export { wantsColor } from './color.js';
