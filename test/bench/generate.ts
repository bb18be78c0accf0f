/** Realistic French benchmark data (faker, fr locale), seeded so every run sees the same data. */
import { fakerFR as faker } from '@faker-js/faker';
import type { SubjectInput } from '../../shared/domain/subject';
import { foldText } from '../../shared/text/normalize';

export function generateSubjects(count: number, seed = 2026): SubjectInput[] {
  faker.seed(seed);
  return Array.from({ length: count }, (_, i) => {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    return {
      firstName,
      lastName,
      email: faker.internet.email({ firstName, lastName }).toLowerCase(),
      phone: faker.helpers.replaceSymbols('06 ## ## ## ##'),
      customerRef: `CLI-${String(i + 1).padStart(6, '0')}`,
      postalAddress: `${faker.location.streetAddress()}, ${faker.location.zipCode()} ${faker.location.city()}`,
    };
  });
}

export function generateQueries(subjects: SubjectInput[], count: number): { kind: string; text: string }[] {
  const pick = () => faker.helpers.arrayElement(subjects);
  const accented = subjects.filter((s) => /[^\x20-\x7e]/.test(`${s.firstName}${s.lastName}`));
  const queries: { kind: string; text: string }[] = [];
  for (let i = 0; i < count; i += 1) {
    const s = pick();
    if (i % 3 === 0) {
      queries.push({
        kind: 'name prefix',
        text: (s.lastName ?? '').slice(0, faker.number.int({ min: 3, max: 6 })),
      });
    } else if (i % 3 === 1) {
      const a = accented.length ? faker.helpers.arrayElement(accented) : s;
      queries.push({
        kind: 'accent-free',
        text: foldText(`${a.firstName} ${(a.lastName ?? '').slice(0, 3)}`),
      });
    } else {
      const local = (s.email ?? '').split('@')[0] ?? '';
      queries.push({ kind: 'email fragment', text: local.slice(0, faker.number.int({ min: 4, max: 9 })) });
    }
  }
  return queries;
}

const CONSENT_CHANNELS = ['paper_form', 'phone', 'counter', 'email', 'web'] as const;

/**
 * One consent decision for the consent benchmarks: a random person of `people` and one of six
 * purposes, granted 6 times in 10, refused 3, withdrawn 1; `decidedAt` is given the person's index
 * (faker is drawn in the same order as before this helper, so seeded data stays the same).
 */
export function generateDecision(people: number, decidedAt: (subjectIndex: number) => string) {
  const subjectIndex = faker.number.int({ min: 0, max: people - 1 });
  return {
    subjectIndex,
    purposeIndex: faker.number.int({ min: 0, max: 5 }),
    decision: faker.helpers.weightedArrayElement([
      { weight: 6, value: 'granted' as const },
      { weight: 3, value: 'refused' as const },
      { weight: 1, value: 'withdrawn' as const },
    ]),
    decidedAt: decidedAt(subjectIndex),
    channel: faker.helpers.arrayElement(CONSENT_CHANNELS),
  };
}
