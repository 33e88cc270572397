import type { CapabilityHandle } from '../../../src/engine/capabilities/index.js';
import type { ClusterNode } from '../../../src/engine/node.js';
import { BinReader, BinWriter, type ModuleMsg } from '../../../src/engine/wire/index.js';

export const RECORDS = 'test-records';
const PUT = 1;

const encode = (key: string, value: string): Buffer => new BinWriter(16 + key.length + value.length).str(key).str(value).finish();
function decode(buf: Buffer): [string, string] {
  const r = new BinReader(buf);
  return [r.str('key'), r.str('value')];
}

/**
 * A minimal replicated capability for the layer's tests: string records,
 * one packet per put, one chunk per record.
 */
export class Records {
  readonly data = new Map<string, string>();
  readonly handle: CapabilityHandle;
  /** Packets applied, in order (for ordering checks). */
  readonly applied: string[] = [];
  syncs: Array<{ donor: number; merge: boolean }> = [];
  done: boolean[] = [];
  /** Called after each sync chunk applied (tests act in the middle of a sync). */
  onChunk: (() => void) | undefined;
  /** Records this node refuses to apply from a sync (a module that cannot store them). */
  refuse: ((key: string) => boolean) | undefined;

  constructor(node: ClusterNode, opts: { clusterId?: number; startupSync?: boolean; resyncOnHeal?: boolean } = {}) {
    this.handle = node.capabilities.register({
      name: RECORDS,
      clusterId: opts.clusterId ?? 1,
      startupSync: opts.startupSync ?? true,
      resyncOnHeal: opts.resyncOnHeal ?? false,
      handlers: {
        onPacket: (m: ModuleMsg) => {
          const [k, v] = decode(m.payload);
          this.data.set(k, v);
          this.applied.push(k);
        },
        syncStream: () => ({ dataVersion: 1, expected: this.data.size, chunks: this.chunks() }),
        onSyncChunk: (data) => {
          const [k, v] = decode(data);
          if (this.refuse?.(k)) throw new Error(`record ${k} refused`);
          this.data.set(k, v);
          this.onChunk?.();
        },
        onSyncStart: (donor, merge) => this.syncs.push({ donor, merge }),
        onSyncDone: (ok) => this.done.push(ok),
      },
    });
  }

  private *chunks(): Generator<Buffer> {
    for (const [k, v] of this.data) yield encode(k, v);
  }

  put(key: string, value: string): void {
    this.data.set(key, value);
    this.handle.broadcast(PUT, encode(key, value));
  }
}
