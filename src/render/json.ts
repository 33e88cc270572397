/** JSON for humans on a terminal, one line for pipes and scripts. */
export function renderJson(value: unknown, pretty: boolean): string {
  return pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
}
