/**
 * Text that came from outside (an archive's trusted comment, an organisation name, a ZIP entry name)
 * is shown to people through terminals and reports. A terminal obeys escape sequences and a bidi
 * override reorders what follows it, so either could make a forged fingerprint look genuine: every
 * C0 and C1 control character, DEL and every bidi formatting character is shown as a visible escape
 * instead (`\x1b`, `\u202e`), and never reaches the screen raw.
 */

/** C0 controls, DEL, C1 controls, and the Unicode bidi embedding, override, isolate and mark characters. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

const escapeOne = (char: string): string => {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** One line of printable text: every control or bidi character becomes a visible escape. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/** True when `printable` would change the text. */
export function hasUnprintable(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

/** Several lines: line breaks are kept, everything else is escaped as by `printable`. */
export function printableLines(text: string): string {
  return text
    .split('\n')
    .map((line) => printable(line))
    .join('\n');
}
