/**
 * What the business holds about one person, for the right of access (Art. 15 GDPR) and to data
 * portability (Art. 20): their details, every consent decision with its date and the notice version
 * they were shown, their current choices, their requests with timelines and letters, and the
 * information Art. 15(1) adds (recipients, how long the data is kept).
 *
 * The package is plain data with stable machine codes ('granted', 'access'…), not translated
 * words, so that another controller's software can read it; the PDF summary puts it into words.
 */
import { latestDecisions } from '../consent/derive';
import type { ConsentChannel, ConsentEvent, Decision, Notice, NoticeKind, Purpose } from '../consent/model';
import type { OrganisationData } from '../domain/organisation';
import type { Subject } from '../domain/subject';
import type {
  DsRequest,
  IdentityState,
  Outcome,
  RefusalReason,
  RequestChannel,
  RequestEvent,
  RequestStatus,
  Right,
} from '../requests/model';
import { collectFacts } from '../retention/facts';
import type { RetentionAnchor, RetentionCategory, RetentionRule, RetentionScope } from '../retention/model';
import { ruleOutcome } from '../retention/select';

export const ACCESS_PACKAGE_FORMAT = 'rgpd-desk/access-package';
export const ACCESS_PACKAGE_VERSION = 1;

export type Language = 'fr' | 'en';

export type AccessPackageInput = {
  /** ISO instant the package is made. */
  generatedAt: string;
  language: Language;
  organisation: Pick<
    OrganisationData,
    'legalName' | 'address' | 'contactEmail' | 'dpoEmail' | 'registrationNumber' | 'recipients'
  >;
  subject: Subject;
  purposes: readonly Purpose[];
  notices: readonly Notice[];
  /** The person's consent events (any order). */
  consentEvents: readonly ConsentEvent[];
  /** The person's requests (any order), and each one's timeline. */
  requests: readonly DsRequest[];
  timelines: ReadonlyMap<string, readonly RequestEvent[]>;
  retentionRules: readonly RetentionRule[];
  /** The request the package answers, if any. */
  forRequestId: string | null;
  /** The controller's calendar date of an ISO instant. */
  dayOf: (iso: string) => string;
};

export type AttachmentInfo = { name: string; mediaType: string; sha256: string };

export type PackagedConsent = {
  id: string;
  purposeId: string;
  purpose: string;
  decision: Decision;
  decidedAt: string;
  /** Set when only the day of the decision is known. */
  decidedOn?: string;
  channel: ConsentChannel;
  notice: { number: number; title: string; kind: NoticeKind; language: Language; effectiveOn: string } | null;
  evidence: {
    callReference: string;
    witnessName: string;
    formReference: string;
    fileSha256: string;
    attachment: AttachmentInfo | null;
  };
  note: string;
  /** The id of the event this one corrects, '' if none. */
  corrects: string;
  recordedAt: string;
};

export type PackagedPreference = {
  purposeId: string;
  purpose: string;
  decision: Decision;
  since: string;
  noticeNumber: number | null;
};

export type PackagedLetter = {
  request: string;
  sentOn: string;
  kind: string;
  language: Language;
  channel: RequestChannel;
  subject: string;
  body: string;
};

export type PackagedRequest = {
  reference: string;
  rights: Right[];
  channel: RequestChannel;
  receivedAt: string;
  words: string;
  representative: string;
  status: RequestStatus;
  identity: IdentityState;
  extended: boolean;
  extensionReasons: string;
  outcome: Outcome | '';
  refusalReason: RefusalReason | '';
  respondedOn: string;
  withdrawnOn: string;
  timeline: { on: string; kind: string; action: string; note: string; attachment: AttachmentInfo | null }[];
  letters: PackagedLetter[];
};

export type PackagedRetention = {
  scope: RetentionScope;
  category: RetentionCategory | '';
  purpose: string;
  anchor: RetentionAnchor;
  months: number;
  cause: 'period' | 'refused' | 'withdrawn';
  startedOn: string;
  endsOn: string;
  reference: string;
};

export type AccessPackage = {
  format: typeof ACCESS_PACKAGE_FORMAT;
  version: typeof ACCESS_PACKAGE_VERSION;
  generatedAt: string;
  language: Language;
  controller: {
    name: string;
    address: string;
    contactEmail: string;
    dpoEmail: string;
    registrationNumber: string;
  };
  /** Reference of the request this package answers, '' if none. */
  request: string;
  person: {
    firstName: string;
    lastName: string;
    email: string;
    phone: string;
    customerRef: string;
    postalAddress: string;
    notes: string;
    recordedAt: string;
    updatedAt: string;
  };
  /** Current choice per purpose, in the catalogue's order. */
  preferences: PackagedPreference[];
  /** Every decision, oldest first. */
  consents: PackagedConsent[];
  /** Oldest first. */
  requests: PackagedRequest[];
  /** Who receives the data (Art. 15(1)(c)). */
  recipients: string[];
  /** How long the data is kept and why (Art. 15(1)(d)). */
  retention: PackagedRetention[];
};

function localised(name: { fr: string; en: string }, language: Language): string {
  return (language === 'en' ? name.en || name.fr : name.fr || name.en) || '';
}

function attachmentInfo(attachment: { name: string; mediaType: string; hash: string } | null) {
  return attachment
    ? { name: attachment.name, mediaType: attachment.mediaType, sha256: attachment.hash }
    : null;
}

const byTime = (a: string, b: string) => Date.parse(a) - Date.parse(b);

export function buildAccessPackage(input: AccessPackageInput): AccessPackage {
  const { subject, language } = input;
  const purposes = new Map(input.purposes.map((purpose) => [purpose.id, purpose]));
  const notices = new Map(input.notices.map((notice) => [notice.id, notice]));
  const purposeName = (id: string) => {
    const purpose = purposes.get(id);
    return purpose ? localised(purpose.name, language) : '';
  };
  const events = [...input.consentEvents].sort(
    (a, b) => byTime(a.decidedAt, b.decidedAt) || (a.hlc < b.hlc ? -1 : 1),
  );
  const consents = events.map((event): PackagedConsent => {
    const notice = notices.get(event.noticeId);
    return {
      id: event.id,
      purposeId: event.purposeId,
      purpose: purposeName(event.purposeId),
      decision: event.decision,
      decidedAt: event.decidedAt,
      ...(event.decidedOn ? { decidedOn: event.decidedOn } : {}),
      channel: event.channel,
      notice: notice
        ? {
            number: notice.number,
            title: notice.title,
            kind: notice.kind,
            language: notice.language,
            effectiveOn: notice.effectiveOn,
          }
        : null,
      evidence: {
        callReference: event.evidence.callReference,
        witnessName: event.evidence.witnessName,
        formReference: event.evidence.formReference,
        fileSha256: event.evidence.fileHash,
        attachment: attachmentInfo(event.evidence.attachment),
      },
      note: event.note,
      corrects: event.correctsEventId,
      recordedAt: event.createdAt,
    };
  });
  const latest = events.length > 0 ? latestDecisions(events) : new Map<string, ConsentEvent>();
  const catalogue = [...input.purposes.map((purpose) => purpose.id), ...latest.keys()];
  const preferences = [...new Set(catalogue)].flatMap((purposeId): PackagedPreference[] => {
    const event = latest.get(purposeId);
    if (!event) return [];
    return [
      {
        purposeId,
        purpose: purposeName(purposeId),
        decision: event.decision,
        since: event.decidedAt,
        noticeNumber: notices.get(event.noticeId)?.number ?? null,
      },
    ];
  });
  const requests = [...input.requests]
    .sort((a, b) => byTime(a.receivedAt, b.receivedAt))
    .map((request): PackagedRequest => {
      const timeline = input.timelines.get(request.id) ?? [];
      return {
        reference: request.reference,
        rights: [...request.rights],
        channel: request.channel,
        receivedAt: request.receivedAt,
        words: request.requesterWords,
        representative: request.viaRepresentative ? request.representativeName : '',
        status: request.status,
        identity: request.identity,
        extended: request.extended,
        extensionReasons: request.extensionReasons,
        outcome: request.outcome,
        refusalReason: request.refusalReason,
        respondedOn: request.respondedOn,
        withdrawnOn: request.withdrawnOn,
        timeline: timeline.map((event) => ({
          on: event.on,
          kind: event.kind,
          action: event.action,
          note: event.note,
          attachment: attachmentInfo(event.attachment),
        })),
        letters: timeline.flatMap((event) =>
          event.kind === 'letter' && event.letter
            ? [{ request: request.reference, sentOn: event.on, ...event.letter }]
            : [],
        ),
      };
    });
  const [facts] = collectFacts({
    subjects: [subject],
    requests: input.requests,
    decisions: [...latest.values()],
    purposeIds: new Set(input.retentionRules.map((rule) => rule.purposeId).filter(Boolean)),
    dayOf: input.dayOf,
  });
  const rulesById = new Map(input.retentionRules.map((rule) => [rule.id, rule]));
  const retention = input.retentionRules.flatMap((rule): PackagedRetention[] => {
    const outcome = facts ? ruleOutcome(rule, facts) : null;
    if (!outcome) return [];
    return [
      {
        scope: outcome.scope,
        category: outcome.category,
        purpose: outcome.purposeId ? purposeName(outcome.purposeId) : '',
        anchor: outcome.anchor,
        months: outcome.months,
        cause: outcome.cause,
        startedOn: outcome.startedOn,
        endsOn: outcome.endsOn,
        reference: rulesById.get(outcome.ruleId)?.reference ?? '',
      },
    ];
  });
  return {
    format: ACCESS_PACKAGE_FORMAT,
    version: ACCESS_PACKAGE_VERSION,
    generatedAt: input.generatedAt,
    language,
    controller: {
      name: input.organisation.legalName,
      address: input.organisation.address,
      contactEmail: input.organisation.contactEmail,
      dpoEmail: input.organisation.dpoEmail,
      registrationNumber: input.organisation.registrationNumber,
    },
    request: input.requests.find((request) => request.id === input.forRequestId)?.reference ?? '',
    person: {
      firstName: subject.firstName,
      lastName: subject.lastName,
      email: subject.email,
      phone: subject.phone,
      customerRef: subject.customerRef,
      postalAddress: subject.postalAddress,
      notes: subject.notes,
      recordedAt: subject.createdAt,
      updatedAt: subject.updatedAt,
    },
    preferences,
    consents,
    requests,
    recipients: [...input.organisation.recipients],
    retention,
  };
}

/** The package as JSON text (UTF-8, indented so that a person can read it too). */
export function accessPackageJson(pkg: AccessPackage): string {
  return `${JSON.stringify(pkg, null, 2)}\n`;
}
