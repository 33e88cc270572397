import { KvCode, KvError } from './errors.js';

const SPECIAL = /[\\^$.*+?()[\]{}|]/g;

/**
 * A shell glob as cachedb_local's `cache_remove_chunk` matches keys (fnmatch
 * without flags): `*` any run of characters, `?` one character, `[abc]`,
 * `[a-z]`, `[!x]` a class, `\x` the character x. Returns a whole-key RegExp.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '\\' && i + 1 < glob.length) re += glob[++i]!.replace(SPECIAL, '\\$&');
    else if (c === '[') {
      const end = classEnd(glob, i);
      if (end < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, end);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = end;
      }
    } else re += c.replace(SPECIAL, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`, 'u');
  } catch (cause) {
    throw new KvError(KvCode.BAD_VALUE, `bad glob "${glob}"`, { cause });
  }
}

/** Index of the `]` closing the class opened at `start` (a `]` right after `[` or `[!` is literal), or -1. */
function classEnd(glob: string, start: number): number {
  let j = start + 1;
  if (glob[j] === '!' || glob[j] === '^') j++;
  if (glob[j] === ']') j++;
  const end = glob.indexOf(']', j);
  return end;
}
