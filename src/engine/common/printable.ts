/**
 * Text that came from the network, made safe for a log line: every
 * non-printable character (C0/C1 controls, DEL, lone surrogates, line and
 * paragraph separators) becomes a `\xNN` / `\uNNNN` escape and the result is
 * cut to `max` characters. A peer can neither forge a log line nor turn the
 * log into a binary file.
 */
export const WIRE_TEXT_MAX = 120;

// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex
const UNPRINTABLE_OR_BACKSLASH = new RegExp(`${UNPRINTABLE.source}|\\\\`, 'g');

const escapeChar = (c: string): string => {
  if (c === '\\') return '\\\\';
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** Escapes the unprintable characters of `s` (see above); with `backslash`, backslashes too, so that the escapes are unambiguous. */
export function escapeUnprintable(s: string, backslash = false): string {
  return s.replace(backslash ? UNPRINTABLE_OR_BACKSLASH : UNPRINTABLE, escapeChar);
}

/** A wire string as it may appear in a log line: escaped, and at most `max` characters plus a note of the length. */
export function wireText(s: string, max = WIRE_TEXT_MAX): string {
  const cut = s.length > max ? s.slice(0, max) : s;
  const out = escapeUnprintable(cut, true);
  return s.length > max ? `${out}… (${s.length} chars)` : out;
}
