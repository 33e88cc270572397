/** Outcome of sending to a node or to a cluster (OpenSIPS clusterer API return codes, reference §4.10). */
export const SendResult = {
  /** Sent to the destination or a next hop, or skipped because the destination is disabled locally. */
  SENT: 0,
  /** The local node is disabled in that cluster; nothing was sent. */
  CURR_DISABLED: 1,
  /** No path to the destination (or to any destination of a broadcast). */
  DEST_DOWN: -1,
  /** Unknown cluster/node, or every send failed. */
  SEND_ERR: -2,
} as const;

export type SendResult = (typeof SendResult)[keyof typeof SendResult];

/** The script-level codes of the seed (`cluster_send_req` & co.): 1 sent, -1 disabled, -2 unreachable, -3 error. */
export function scriptCode(r: SendResult): number {
  switch (r) {
    case SendResult.SENT:
      return 1;
    case SendResult.CURR_DISABLED:
      return -1;
    case SendResult.DEST_DOWN:
      return -2;
    default:
      return -3;
  }
}
