/**
 * Action partitioning (seed 004): the owner of a key among a set of nodes
 * by rendezvous (highest random weight) hashing. Every node that sees the
 * same set picks the same owner; a node joining or leaving moves only the
 * keys it wins or held (about 1/N of them).
 */

/** FNV-1a over the UTF-16 code units of a string, 32 bits. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The weight of (node, key): a 32-bit finaliser over the key's hash mixed with the node id. */
export function weight(nodeId: number, keyHash: number): number {
  let x = (keyHash ^ Math.imul(nodeId, 0x9e3779b1)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The node of `nodes` with the highest weight for `key` (ties: the higher id); null when there is none. */
export function rendezvousOwner(nodes: readonly number[], key: string): number | null {
  const h = fnv1a(key);
  let best: number | null = null;
  let bestW = -1;
  for (const id of nodes) {
    const w = weight(id, h);
    if (w > bestW || (w === bestW && best !== null && id > best)) {
      best = id;
      bestW = w;
    }
  }
  return best;
}
