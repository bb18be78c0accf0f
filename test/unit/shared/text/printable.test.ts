import { describe, expect, it } from 'vitest';
import { hasUnprintable, printable, printableLines } from '../../../../shared/text/printable';

describe('printable', () => {
  it('escapes C0, DEL, C1 and bidi controls, and nothing else', () => {
    expect(printable('a\x1b[1A\x1b[2Kb')).toBe('a\\x1b[1A\\x1b[2Kb');
    expect(printable('\x00\t\n\r\x7f\x85\x9b')).toBe('\\x00\\x09\\x0a\\x0d\\x7f\\x85\\x9b');
    expect(printable('abc\u202Eexe.pdf\u2066\u200F')).toBe('abc\\u202eexe.pdf\\u2066\\u200f');
    expect(hasUnprintable('a\u202eb')).toBe(true);
    expect(hasUnprintable('Zoé')).toBe(false);
    expect(printableLines('one\x1b\ntwo')).toBe('one\\x1b\ntwo');
    expect(printable('Boulangerie Héloïse — «ok» 日本 🙂')).toBe('Boulangerie Héloïse — «ok» 日本 🙂');
  });
});
