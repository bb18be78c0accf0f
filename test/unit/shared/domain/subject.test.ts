import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../../../shared/domain/common';
import {
  matchesSubjectQuery,
  parseSubjectQuery,
  subjectIndexes,
  subjectInputSchema,
} from '../../../../shared/domain/subject';

const heloise = subjectInputSchema.parse({
  firstName: 'Héloïse',
  lastName: 'Dupré-Lefèvre',
  email: 'Heloise.Dupre@Exemple.fr',
  phone: '06 12 34 56 78',
  customerRef: 'CLI-0042',
});
const terms = subjectIndexes(heloise).terms;
const finds = (query: string) => matchesSubjectQuery(terms, parseSubjectQuery(query));

describe('subject validation', () => {
  it('needs a name and gives field errors as i18n keys', () => {
    const result = subjectInputSchema.safeParse({ firstName: ' ', email: 'not-an-email', phone: '12' });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(fieldErrors(result.error)).toEqual({
        email: 'validation.email',
        phone: 'validation.phone',
        lastName: 'validation.nameRequired',
      });
    }
  });
  it('trims and accepts empty optional fields', () => {
    expect(subjectInputSchema.parse({ lastName: ' Martin ' })).toMatchObject({
      lastName: 'Martin',
      email: '',
      phone: '',
    });
  });
});

describe('subject search', () => {
  it('forgives accents and case', () => {
    expect(finds('heloise')).toBe(true);
    expect(finds('HELO')).toBe(true);
    expect(finds('lefevre')).toBe(true);
    expect(finds('dupre helo')).toBe(true);
    expect(finds('martin')).toBe(false);
  });
  it('finds by email, phone written any way and customer reference', () => {
    expect(finds('heloise.dupre@exemple.fr')).toBe(true);
    expect(finds('dupre@exe')).toBe(true);
    expect(finds('dupre@gmail')).toBe(false);
    expect(finds('exemple')).toBe(true);
    expect(finds('0612')).toBe(true);
    expect(finds('+33 6 12 34')).toBe(true);
    expect(finds('06 12 34 56 78')).toBe(true);
    expect(finds('0699')).toBe(false);
    expect(finds('cli-0042')).toBe(true);
    expect(finds('0042')).toBe(true);
  });
});
