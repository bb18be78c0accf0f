/**
 * Search forgives accents and case: "heloise" finds "Héloïse", "oeuvre" finds "Œuvre".
 * Everything is folded to lower-case ASCII letters and digits.
 */
const LIGATURES: Record<string, string> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
};

export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[œæßøłđðþ]/g, (char) => LIGATURES[char] ?? char);
}

/** Words of a folded text: runs of letters and digits. */
export function words(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}

/**
 * Phone numbers are compared by their digits; the last nine digits are the French national number
 * without its leading 0 or +33, so "06 12 34 56 78" and "+33 6 12 34 56 78" meet.
 */
export function phoneKeys(phone: string): string[] {
  const digits = digitsOf(phone);
  if (digits.length === 0) return [];
  const keys = new Set([digits]);
  if (digits.length >= 9) keys.add(digits.slice(-9));
  return [...keys];
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
