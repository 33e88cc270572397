/** `cluster:list` → `cluster list`: a command id as the user types it. */
export const commandWords = (id: string): string => id.split(':').join(' ');
