/** A small levelled logger with a per-subsystem tag. The engine never prints directly. */
import { escapeUnprintable } from './common/printable.js';

export type LogLevel = 'debug' | 'info' | 'notice' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, notice: 2, warn: 3, error: 4, silent: 5 };
export const LOG_LEVELS = Object.keys(RANK) as LogLevel[];

export interface LogRecord {
  level: Exclude<LogLevel, 'silent'>;
  tag: string;
  msg: string;
  time: number;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  notice(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  child(tag: string): Logger;
  enabled(level: LogLevel): boolean;
}

export function isLogLevel(v: unknown): v is LogLevel {
  return typeof v === 'string' && v in RANK;
}

/**
 * One record as text: `TIME LEVEL [tag] message`. Unprintable characters are
 * escaped and the lines of a multi-line message (a stack trace) after the
 * first are indented, so every record starts a line of its own with its
 * time and nothing in a message can pass for another record.
 */
export function formatRecord(r: LogRecord): string {
  const lines = r.msg.split('\n').map((l) => escapeUnprintable(l));
  return `${new Date(r.time).toISOString()} ${r.level.toUpperCase()} [${r.tag}] ${lines.join('\n    ')}\n`;
}

/** Writes `formatRecord` lines to stderr. */
export const stderrSink: LogSink = (r) => {
  process.stderr.write(formatRecord(r));
};

export function createLogger(level: LogLevel = 'info', sink: LogSink = stderrSink, tag = 'cl'): Logger {
  const min = RANK[level];
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string): void => {
    if (RANK[lvl] >= min) sink({ level: lvl, tag, msg, time: Date.now() });
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    notice: (m) => emit('notice', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
    child: (t) => createLogger(level, sink, `${tag}:${t}`),
    enabled: (l) => RANK[l] >= min,
  };
}

/** A logger that drops everything (handy in unit tests). */
export const silentLogger: Logger = createLogger('silent', () => {});
