/**
 * Code-point order, for sorting names: `localeCompare` would load ICU's
 * collator, which costs more than a whole command's run.
 */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
