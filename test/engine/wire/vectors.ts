/** Loads the captured BIN vectors of test/fixtures/opensips/vectors (test helper, not a test). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vectorsDir } from '../../helpers/paths.js';

export type VectorFields = Record<string, unknown>;

export interface VectorMessage {
  desc: string;
  type: string;
  capability: string;
  pkt_type: number;
  bin_version: number;
  len: number;
  tcp: string;
  fields: VectorFields;
  hex: string;
}

export interface VectorFile {
  name: string;
  messages: VectorMessage[];
}

export const SCENARIO_FILES = [
  '01_startup_join.json',
  '02_mi_ops.json',
  '03_kill9_restart.json',
  '04_link_cut_reroute.json',
  '05_send_mi_rtt.json',
  '06_capability_sync.json',
  '07_interop_v36.json',
] as const;

export const TYPES_FILE = 'bin_packet_types.json';

interface RawFile {
  messages?: VectorMessage[];
  packets?: VectorMessage[];
}

const cache = new Map<string, VectorFile>();

export function loadVectorFile(name: string): VectorFile {
  let f = cache.get(name);
  if (!f) {
    const raw = JSON.parse(readFileSync(join(vectorsDir, name), 'utf8')) as RawFile;
    const messages = raw.messages ?? raw.packets;
    if (!messages) throw new Error(`${name}: no messages[] or packets[]`);
    f = { name, messages };
    cache.set(name, f);
  }
  return f;
}

export function loadAllVectors(): VectorFile[] {
  return [...SCENARIO_FILES, TYPES_FILE].map(loadVectorFile);
}

export const bytesOf = (m: VectorMessage): Buffer => Buffer.from(m.hex, 'hex');

export { prng } from '../../helpers/prng.js';
