/** The hints printed after a transport failure, written once for every way of reaching a node. */
export const HINT = {
  /** A unix control socket that does not answer. */
  socket: 'is the node running? (start one with `cl node start -c node.yaml`, or pass --socket/-s)',
  /** An HTTP endpoint (`--url`) that does not answer. */
  url: 'is the MI endpoint up?',
} as const;

/** Transport error codes that mean "nobody is listening there". */
export const NOT_LISTENING = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EACCES', 'ENOTSOCK', 'EHOSTUNREACH', 'ENETUNREACH']);
