/** The words a STATUS argument accepts, and the 0/1 that clusterer_set_status and clusterer_set_cap_status take. */
export const STATUS_WORDS: ReadonlyMap<string, 0 | 1> = new Map([['enabled', 1], ['disabled', 0], ['up', 1], ['down', 0], ['1', 1], ['0', 0]]);
