import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { absolutizeSqliteUrl } from './db-url.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { parseConfig, type ConfigOverrides, type ParsedConfig } from './schema.js';

function readFailure(path: string, err: unknown): ConfigError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why = code === 'ENOENT' ? 'file not found'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EISDIR' ? 'is a directory, not a file'
        : err instanceof Error ? err.message : String(err);
  return new ConfigError([{ key: path, message: `cannot read configuration file ${path}: ${why}` }], { source: path, cause: err });
}

/**
 * Decodes YAML text and validates it. Syntax errors become issues keyed by the
 * file name, with the line and column of each error.
 */
export function parseConfigText(text: string, source: string, overrides?: ConfigOverrides): ParsedConfig {
  // uniqueKeys (default) makes a repeated key a syntax error: YAML has no "modparam twice".
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const issues: ConfigIssue[] = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      // yaml appends " at line L, column C:" and a code excerpt; keep the first sentence only.
      const msg = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      return { key: source, message: pos ? `YAML syntax error at line ${pos.line}, column ${pos.col}: ${msg}` : `YAML syntax error: ${msg}` };
    });
    throw new ConfigError(issues, { source });
  }
  return parseConfig(doc.toJS(), { source, overrides });
}

/** A relative SQLite `db_url` in a file means relative to that file, wherever the node is started from. */
function fromFile(parsed: ParsedConfig, path: string): ParsedConfig {
  const { dbUrl } = parsed.config;
  if (dbUrl !== null) parsed.config.dbUrl = absolutizeSqliteUrl(dbUrl, dirname(resolve(path)));
  return parsed;
}

/** Reads and validates a YAML configuration file. Throws ConfigError (code CL_ERR_CONFIG). */
export async function loadConfigFile(path: string, overrides?: ConfigOverrides): Promise<ParsedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw readFailure(path, err);
  }
  return fromFile(parseConfigText(text, path, overrides), path);
}

/** Synchronous variant of loadConfigFile, for start-up code that cannot await. */
export function loadConfigFileSync(path: string, overrides?: ConfigOverrides): ParsedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw readFailure(path, err);
  }
  return fromFile(parseConfigText(text, path, overrides), path);
}
