/**
 * Direct-link states with the OpenSIPS numeric values (reference §4.2).
 * Only UP (0) and DOWN (1) ever travel on the wire (LS_UPDATE new_state).
 */
export const LinkState = {
  UP: 0,
  DOWN: 1,
  /** The last ping could not even be sent; retried after ping_timeout. */
  RETRY_SEND_FAIL: 2,
  /** Start a new probing sequence at the next timer tick. */
  RESTART_PINGING: 3,
  /** First probing ping sent, waiting for the PONG. */
  RESTARTED: 4,
  /** A ping went unanswered; retrying up to no_ping_retries times. */
  RETRYING: 5,
  /** Transient state resolving a PONG that raced the state change after a ping. */
  TEMP: 6,
} as const;

export type LinkStateName = keyof typeof LinkState;
export type LinkState = (typeof LinkState)[LinkStateName];

/** What `clusterer_list` shows in `link_state`. */
export type LinkStateLabel = 'Up' | 'Down' | 'Probe';

/** Every probing state collapses to `Probe`, as OpenSIPS's MI output does. */
export function linkStateLabel(s: LinkState): LinkStateLabel {
  if (s === LinkState.UP) return 'Up';
  if (s === LinkState.DOWN) return 'Down';
  return 'Probe';
}

const NAMES: Record<LinkState, LinkStateName> = {
  0: 'UP',
  1: 'DOWN',
  2: 'RETRY_SEND_FAIL',
  3: 'RESTART_PINGING',
  4: 'RESTARTED',
  5: 'RETRYING',
  6: 'TEMP',
};

/** Internal name (`RESTARTED`, …), for debug logs and diagnostics. */
export function linkStateName(s: LinkState): LinkStateName {
  return NAMES[s];
}
