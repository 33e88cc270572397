import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { miRepliesDir } from './paths.js';

export interface RecordedCall {
  file: string;
  request_body: string;
  reply_raw: string;
  reply: { result?: unknown; error?: { code: number; message: string; data?: string } };
  method: string;
  params: unknown;
  node: number;
}

/** Loads a recorded OpenSIPS MI exchange by its file-name prefix, e.g. `56`. */
export function recorded(prefix: string): RecordedCall {
  const dir = miRepliesDir;
  const file = readdirSync(dir).find((f) => f.startsWith(`${prefix}_`) && f.endsWith('.json'));
  if (!file) throw new Error(`no recorded MI reply ${prefix}_*.json in ${dir}`);
  return { file, ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<RecordedCall, 'file'>) };
}
