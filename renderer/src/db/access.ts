/**
 * The access and portability package (Art. 15, Art. 20) in the workspace database: everything
 * held about one person, read in one transaction, and the record that a package was made — on the
 * request's timeline when it answers one, and always in the audit log (what was handed out, never
 * the values).
 */
import { Dexie } from 'dexie';
import type { AccessPackageInput } from '../../../shared/access';
import type { DsRequest, RequestEvent } from '../../../shared/requests';
import type { DeskDb } from './schema';
import { eventsOfSubject } from './consent-store';
import { NotFoundError, ValidationError, write, type WriteContext } from './write';

export type AccessData = Omit<AccessPackageInput, 'generatedAt' | 'language' | 'forRequestId' | 'dayOf'>;

/** What the app holds about a person, as `buildAccessPackage` takes it. */
export async function readAccessData(db: DeskDb, subjectId: string): Promise<AccessData> {
  return db.transaction(
    'r',
    [
      db.organisation,
      db.subjects,
      db.purposes,
      db.notices,
      db.consentEvents,
      db.consentRows,
      db.requests,
      db.requestEvents,
      db.retentionRules,
    ],
    async () => {
      const subject = await db.subjects.get(subjectId);
      if (!subject) throw new NotFoundError('subject', subjectId);
      const organisation = await db.organisation.toCollection().first();
      if (!organisation) throw new ValidationError({ _: 'errors.setupFirst' });
      const [purposes, notices, consentEvents, requests, rules] = await Promise.all([
        db.purposes.toArray(),
        db.notices.toArray(),
        eventsOfSubject(db, subjectId),
        db.requests.where('subjectId').equals(subjectId).toArray(),
        db.retentionRules.toArray(),
      ]);
      const timelines = new Map<string, RequestEvent[]>();
      for (const request of requests) {
        timelines.set(
          request.id,
          await db.requestEvents
            .where('[requestId+hlc]')
            .between([request.id, Dexie.minKey], [request.id, Dexie.maxKey])
            .toArray(),
        );
      }
      const createdOrder = (a: { createdAt: string }, b: { createdAt: string }) =>
        a.createdAt.localeCompare(b.createdAt);
      return {
        organisation,
        subject,
        purposes: purposes.sort(createdOrder),
        notices,
        consentEvents,
        requests,
        timelines,
        retentionRules: rules.filter((rule) => rule.active),
      };
    },
  );
}

/** Requests a package is usually made for: access or portability requests, the open ones first. */
export function accessRequests(requests: readonly DsRequest[]): DsRequest[] {
  return requests
    .filter((request) => request.rights.some((right) => right === 'access' || right === 'portability'))
    .sort(
      (a, b) =>
        Number(a.clock === 'closed') - Number(b.clock === 'closed') ||
        b.receivedAt.localeCompare(a.receivedAt),
    );
}

export type MadeFile = { name: string; sha256: string };

/**
 * Record that a package was made for a person: in the audit log (how many consent decisions and
 * requests it held), and, when it answers a request of theirs, on that request's timeline with the
 * files' names and SHA-256, so the response can be tied to exactly what was sent.
 */
export function recordAccessPackage(
  db: DeskDb,
  ctx: WriteContext,
  input: { subjectId: string; requestId: string | null; files: readonly MadeFile[]; count: number },
): Promise<RequestEvent | null> {
  return write(db, ctx, async (w) => {
    if (!(await db.subjects.get(input.subjectId))) throw new NotFoundError('subject', input.subjectId);
    let event: RequestEvent | null = null;
    if (input.requestId) {
      const request = await db.requests.get(input.requestId);
      if (!request || request.subjectId !== input.subjectId)
        throw new ValidationError({ requestId: 'access.errors.requestNotTheirs' });
      event = await w.create(
        'requestEvent',
        {
          requestId: request.id,
          kind: 'access_package',
          on: w.env.today,
          note: input.files.map((file) => `${file.name} — SHA-256 ${file.sha256}`).join('\n'),
        },
        { action: 'request.accessPackage' },
      );
    }
    w.audit({
      action: 'subject.accessPackage',
      entity: 'subject',
      entityId: input.subjectId,
      fields: input.files.map((file) => file.name.slice(file.name.lastIndexOf('.') + 1)),
      count: input.count,
    });
    return event;
  });
}
