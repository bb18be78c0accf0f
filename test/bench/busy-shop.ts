/**
 * "A busy shop, five years", loaded through the write path in the bench page: PEOPLE people recorded
 * over five years (two in five with a customer reference), EVENTS consent events and REQUESTS
 * requests (faker fr, seeded), the consent catalogue and the CNIL retention rules. A quarter of the
 * people went quiet soon after they were recorded. Shared by the retention and compliance benches.
 */
import { fakerFR as faker } from '@faker-js/faker';
import type { Page } from '@playwright/test';
import { generateDecision, generateSubjects } from './generate';

const CHUNK = 10_000;
/** People recorded on the same day: one write per day's batch. */
const PER_DAY = 50;
const DAY_MS = 86_400_000;
const SPAN_MS = 5 * 365 * DAY_MS;

type Api = {
  setUp(): Promise<void>;
  seedConsentCatalogue(): Promise<void>;
  seedRetentionRules(): Promise<number>;
  bulkCreateSubjectsAt(rows: unknown[], at: string): Promise<{ created: number; ms: number }>;
  bulkCreateConsents(rows: unknown[]): Promise<{ created: number; ms: number }>;
  bulkCreateRequests(rows: unknown[]): Promise<{ created: number; ms: number }>;
};

export type BusyShop = {
  /** The clock the data was generated against (ms). */
  now: number;
  loadMs: number;
  eventMs: number;
  requestMs: number;
  /** Retention rules seeded. */
  rules: number;
};

export async function loadBusyShop(
  page: Page,
  { PEOPLE, EVENTS, REQUESTS }: { PEOPLE: number; EVENTS: number; REQUESTS: number },
): Promise<BusyShop> {
  await page.evaluate(() => (globalThis as unknown as { __deskTest: Api }).__deskTest.setUp());
  await page.evaluate(() => (globalThis as unknown as { __deskTest: Api }).__deskTest.seedConsentCatalogue());

  // Person i is recorded at start + i/PEOPLE of five years; the test API numbers people in the
  // order they were recorded (their UUIDv7 ids), so the i-th row is the i-th person.
  const now = Date.now();
  const start = now - SPAN_MS;
  const recordedAt = (index: number) => start + Math.floor(index / PER_DAY) * PER_DAY * (SPAN_MS / PEOPLE);
  const subjects = generateSubjects(PEOPLE).map((subject, i) =>
    i % 5 < 2 ? subject : { ...subject, customerRef: '' },
  );
  let loadMs = 0;
  for (let i = 0; i < subjects.length; i += PER_DAY) {
    const { ms } = await page.evaluate(
      ([rows, at]) =>
        (globalThis as unknown as { __deskTest: Api }).__deskTest.bulkCreateSubjectsAt(
          rows as never,
          at as string,
        ),
      [subjects.slice(i, i + PER_DAY), new Date(recordedAt(i)).toISOString()] as const,
    );
    loadMs += ms;
  }

  faker.seed(7);
  // Quiet people (one in four) only ever spoke to the shop in their first two months.
  const contactAt = (index: number) => {
    const from = recordedAt(index);
    const until = index % 4 === 0 ? Math.min(now - DAY_MS, from + 60 * DAY_MS) : now - DAY_MS;
    return new Date(faker.number.int({ min: from, max: Math.max(from, until) })).toISOString();
  };
  let eventMs = 0;
  for (let done = 0; done < EVENTS; done += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, EVENTS - done) }, () =>
      generateDecision(PEOPLE, contactAt),
    );
    const { ms } = await page.evaluate(
      (batch) => (globalThis as unknown as { __deskTest: Api }).__deskTest.bulkCreateConsents(batch as never),
      rows,
    );
    eventMs += ms;
  }
  let requestMs = 0;
  for (let done = 0; done < REQUESTS; done += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, REQUESTS - done) }, () => {
      const subjectIndex = faker.number.int({ min: 0, max: PEOPLE - 1 });
      const receivedAt = contactAt(subjectIndex);
      return {
        subjectIndex,
        receivedAt,
        rights: [faker.helpers.arrayElement(['access', 'erasure', 'objection', 'rectification'] as const)],
        channel: faker.helpers.arrayElement(['email', 'letter', 'phone', 'counter'] as const),
        respondOn:
          receivedAt.slice(0, 10) < new Date(now - 60 * DAY_MS).toISOString().slice(0, 10)
            ? new Date(Date.parse(receivedAt) + 20 * DAY_MS).toISOString().slice(0, 10)
            : undefined,
      };
    });
    const { ms } = await page.evaluate(
      (batch) => (globalThis as unknown as { __deskTest: Api }).__deskTest.bulkCreateRequests(batch as never),
      rows,
    );
    requestMs += ms;
  }
  const rules = await page.evaluate(() =>
    (globalThis as unknown as { __deskTest: Api }).__deskTest.seedRetentionRules(),
  );

  return { now, loadMs, eventMs, requestMs, rules };
}
