import type { ControlClient } from '../client/control-client.js';
import { ClientError } from '../client/errors.js';

/** One `cl_kv_put_many` entry. */
interface PutEntry {
  key: string;
  value: string;
  ttl?: number;
  collection?: string;
}

export interface BulkOptions {
  ttl?: number;
  collection?: string;
  /** Entries per call at most (default 10,000). */
  batchEntries?: number;
  /** JSON bytes of the entries per call at most (default 768 KiB: the node takes requests up to 1 MiB). */
  batchBytes?: number;
  /** Called after each batch with the pairs stored so far (a progress line on a terminal). */
  progress?: (stored: number) => void;
}

/** Splits `KEY VALUE`: the key is the first word, the value the rest of the line after one space or tab. */
export function parseLine(line: string, lineNo: number): { key: string; value: string } {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  const m = /^([^ \t]+)[ \t](.*)$/s.exec(text);
  if (!m) throw new ClientError('CL_ERR_USAGE', `line ${lineNo}: expected "KEY VALUE" (a key, one space, the value), got ${JSON.stringify(text.slice(0, 60))}`);
  if (m[2]!.length === 0) throw new ClientError('CL_ERR_USAGE', `line ${lineNo}: no value after key "${m[1]!.slice(0, 40)}"`);
  return { key: m[1]!, value: m[2]! };
}

/**
 * Stores `KEY VALUE` lines (empty lines skipped) in batches of
 * cl_kv_put_many, one call at a time; returns the number stored. A bad
 * line stops before its batch is sent, and the error says how many pairs
 * were stored before it.
 */
export async function putLines(client: ControlClient, lines: AsyncIterable<string>, o: BulkOptions = {}): Promise<number> {
  const maxEntries = o.batchEntries ?? 10_000;
  const maxBytes = o.batchBytes ?? 768 * 1024;
  let stored = 0;
  let batch: PutEntry[] = [];
  let lineNos: number[] = [];
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    try {
      stored += (await client.call('cl_kv_put_many', { entries: batch as unknown as Record<string, unknown>[] })).stored;
      o.progress?.(stored);
    } catch (err) {
      if (!(err instanceof ClientError)) throw err;
      throw new ClientError(err.code, `lines ${lineNos[0]}-${lineNos[lineNos.length - 1]} refused (${stored} pairs stored before them): ${err.message}`, { cause: err, ...(err.rpcCode !== undefined ? { rpcCode: err.rpcCode } : {}) });
    }
    batch = [];
    lineNos = [];
    bytes = 0;
  };
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.length === 0 || line === '\r') continue;
      const { key, value } = parseLine(line, lineNo);
      const e: PutEntry = { key, value, ...(o.ttl !== undefined ? { ttl: o.ttl } : {}), ...(o.collection !== undefined ? { collection: o.collection } : {}) };
      // Exact bytes of the two JSON strings, plus the names, ttl and collection around them.
      const size = Buffer.byteLength(JSON.stringify(key)) + Buffer.byteLength(JSON.stringify(value)) + 40 + (o.collection?.length ?? 0) * 3;
      // No entry the node accepts comes near this (65459 bytes at most); a longer line is refused here, not by the socket.
      if (size > maxBytes) throw new ClientError('CL_ERR_USAGE', `line ${lineNo}: key "${key.slice(0, 40)}" and its value take ${size} bytes as JSON, more than one request carries (${maxBytes})`);
      if (batch.length >= maxEntries || (bytes + size > maxBytes && batch.length > 0)) await flush();
      batch.push(e);
      lineNos.push(lineNo);
      bytes += size;
    }
  } catch (err) {
    if (err instanceof ClientError && err.code === 'CL_ERR_USAGE' && stored > 0) throw new ClientError(err.code, `${err.message} (${stored} pairs stored before)`, { cause: err });
    throw err;
  }
  await flush();
  return stored;
}
