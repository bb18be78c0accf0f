import { z } from 'zod';
import { optionalEmail, optionalPhone, optionalText, V, type Stamps } from './common';
import { digitsOf, foldText, normalizeEmail, phoneKeys, words } from '../text/normalize';

export const subjectInputSchema = z
  .object({
    firstName: optionalText(100),
    lastName: optionalText(100),
    email: optionalEmail,
    phone: optionalPhone,
    customerRef: optionalText(64),
    postalAddress: optionalText(500),
    notes: optionalText(2000),
  })
  .refine((subject) => subject.firstName !== '' || subject.lastName !== '', {
    path: ['lastName'],
    error: V.nameRequired,
  });
export type SubjectInput = z.input<typeof subjectInputSchema>;
export type SubjectData = z.infer<typeof subjectInputSchema>;

/** Derived from the data on every write, for the search and duplicate-hint indexes. */
export type SubjectIndexes = {
  /** Folded words of names, customer reference, email; phone digit keys. Prefix-searched. */
  terms: string[];
  /** Folded "last first", for listing in name order. */
  sortKey: string;
  emailKey: string;
  phoneKeys: string[];
};

export type Subject = SubjectData & Stamps & SubjectIndexes;

export function subjectIndexes(subject: SubjectData): SubjectIndexes {
  const email = normalizeEmail(subject.email);
  const phones = phoneKeys(subject.phone);
  const terms = new Set<string>([
    ...words(subject.firstName),
    ...words(subject.lastName),
    ...words(subject.customerRef),
    ...words(email),
    ...phones,
  ]);
  if (subject.customerRef) terms.add(foldText(subject.customerRef).replace(/\s+/g, ''));
  if (email) terms.add(email);
  return {
    terms: [...terms],
    sortKey: `${foldText(subject.lastName)} ${foldText(subject.firstName)}`.trim(),
    emailKey: email,
    phoneKeys: phones,
  };
}

export function displayName(subject: Pick<SubjectData, 'firstName' | 'lastName'>): string {
  return [subject.firstName, subject.lastName].filter(Boolean).join(' ');
}

/** A query is a list of tokens; each token matches when one of its alternatives prefixes a term. */
export type SubjectQuery = string[][];

export function parseSubjectQuery(text: string): SubjectQuery {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (/^\+?[0-9 ().\-/]+$/.test(trimmed) && digitsOf(trimmed).length >= 2) {
    const digits = digitsOf(trimmed);
    const alternatives = new Set([digits]);
    const national = digits.startsWith('0033')
      ? digits.slice(4)
      : digits.startsWith('33')
        ? digits.slice(2)
        : null;
    if (national !== null && national.length > 0) {
      alternatives.add(national);
      alternatives.add(`0${national}`);
    }
    if (digits.startsWith('0') && !digits.startsWith('00') && digits.length > 1)
      alternatives.add(digits.slice(1));
    return [[...alternatives]];
  }
  // An email fragment ("dupre@exe") is matched word by word, like a name.
  return words(trimmed).map((word) => [word]);
}

export function matchesSubjectQuery(terms: readonly string[], query: SubjectQuery): boolean {
  return query.every((alternatives) =>
    alternatives.some((alternative) => terms.some((term) => term.startsWith(alternative))),
  );
}

/** The token the index should look up: the most selective one (longest alternatives). */
export function leadingToken(query: SubjectQuery): string[] | null {
  let best: string[] | null = null;
  for (const alternatives of query) {
    const length = Math.min(...alternatives.map((a) => a.length));
    if (!best || length > Math.min(...best.map((a) => a.length))) best = alternatives;
  }
  return best;
}
