// A person with consents (one corrected), two requests (one with a letter) and retention rules.
import type { AccessPackageInput } from '../../../../shared/access';
import type { ConsentEvent, Notice, Purpose } from '../../../../shared/consent/model';
import type { Subject } from '../../../../shared/domain/subject';
import type { DsRequest, RequestEvent } from '../../../../shared/requests';
import type { RetentionRule } from '../../../../shared/retention';

const stamps = (id: string, at: string) => ({
  id,
  createdAt: at,
  updatedAt: at,
  createdBy: 'clerk',
  updatedBy: 'clerk',
  hlc: `${at}-${id}`,
});

export const subject: Subject = {
  ...stamps('s1', '2022-05-10T09:00:00.000Z'),
  updatedAt: '2024-01-02T09:00:00.000Z',
  firstName: 'Héloïse',
  lastName: '=Lefèvre',
  email: 'heloise@exemple.fr',
  phone: '06 12 34 56 78',
  customerRef: 'CLI-42',
  postalAddress: '3 avenue Foch\n69006 Lyon',
  notes: 'Préfère être appelée le matin.',
  terms: [],
  sortKey: 'lefevre heloise',
  emailKey: 'heloise@exemple.fr',
  phoneKeys: [],
};

export const purposes: Purpose[] = [
  {
    ...stamps('p-news', '2020-01-01T00:00:00.000Z'),
    name: { fr: 'Lettre d’information', en: 'Newsletter' },
    description: { fr: '', en: '' },
    channel: 'email',
    lawfulBasis: 'consent',
    reconsentMonths: 36,
    active: true,
  },
  {
    ...stamps('p-sms', '2020-01-02T00:00:00.000Z'),
    name: { fr: 'Offres par SMS', en: 'Text offers' },
    description: { fr: '', en: '' },
    channel: 'sms',
    lawfulBasis: 'consent',
    reconsentMonths: 36,
    active: true,
  },
];

export const notices: Notice[] = [
  {
    ...stamps('n1', '2020-01-01T00:00:00.000Z'),
    number: 1,
    kind: 'privacy_notice',
    title: 'Information v1',
    language: 'fr',
    text: 'Texte 1',
    effectiveOn: '2020-01-01',
  },
  {
    ...stamps('n2', '2023-01-01T00:00:00.000Z'),
    number: 2,
    kind: 'privacy_notice',
    title: 'Information v2',
    language: 'fr',
    text: 'Texte 2',
    effectiveOn: '2023-01-01',
  },
];

const evidence = { attachment: null, callReference: '', witnessName: '', fileHash: '', formReference: '' };
export const consentEvents: ConsentEvent[] = [
  {
    ...stamps('e3', '2023-06-01T10:00:00.000Z'),
    subjectId: 's1',
    purposeId: 'p-sms',
    decision: 'refused',
    channel: 'counter',
    decidedAt: '2023-06-01T10:00:00.000Z',
    noticeId: 'n2',
    evidence: { ...evidence, witnessName: 'Claire' },
    note: '',
    correctsEventId: '',
  },
  {
    ...stamps('e1', '2022-05-10T09:00:00.000Z'),
    subjectId: 's1',
    purposeId: 'p-news',
    decision: 'granted',
    channel: 'phone',
    decidedAt: '2022-05-10T09:00:00.000Z',
    noticeId: 'n1',
    evidence: { ...evidence, callReference: 'APPEL-7' },
    note: '',
    correctsEventId: '',
  },
  {
    ...stamps('e2', '2023-06-01T10:00:00.000Z'),
    subjectId: 's1',
    purposeId: 'p-sms',
    decision: 'granted',
    channel: 'counter',
    decidedAt: '2023-06-01T09:00:00.000Z',
    noticeId: 'n2',
    evidence,
    note: 'coché par erreur',
    correctsEventId: '',
  },
];
// e3 corrects nothing; e4 corrects e3 (it was recorded under the wrong decision).
consentEvents.push({
  ...stamps('e4', '2023-06-02T10:00:00.000Z'),
  subjectId: 's1',
  purposeId: 'p-sms',
  decision: 'granted',
  channel: 'counter',
  decidedAt: '2023-06-01T10:00:00.000Z',
  noticeId: 'n2',
  evidence,
  note: 'Correction',
  correctsEventId: 'e3',
});

const baseRequest = {
  channel: 'email' as const,
  requesterWords: 'Quelles données avez-vous sur moi ?',
  viaRepresentative: false,
  representativeName: '',
  mandate: null,
  identity: 'verified' as const,
  identityRequestedOn: '',
  pauses: [],
  extended: false,
  extensionReasons: '',
  extendedOn: '',
  refusalReason: '' as const,
  withdrawnOn: '',
  checklist: [],
  dueOn: '',
  noticeDueOn: '',
};
export const requests: DsRequest[] = [
  {
    ...stamps('r2', '2024-03-01T08:00:00.000Z'),
    ...baseRequest,
    reference: 'DSR-2024-K7Q-0002',
    subjectId: 's1',
    rights: ['access', 'portability'],
    receivedAt: '2024-03-01T08:00:00.000Z',
    receivedOn: '2024-03-01',
    status: 'in_progress',
    outcome: '',
    respondedOn: '',
    clock: 'running',
  },
  {
    ...stamps('r1', '2023-02-01T08:00:00.000Z'),
    ...baseRequest,
    reference: 'DSR-2023-K7Q-0001',
    subjectId: 's1',
    rights: ['objection'],
    receivedAt: '2023-02-01T08:00:00.000Z',
    receivedOn: '2023-02-01',
    status: 'responded',
    outcome: 'granted',
    respondedOn: '2023-02-10',
    clock: 'closed',
  },
];

const requestEvent = (
  id: string,
  requestId: string,
  at: string,
  data: Partial<RequestEvent>,
): RequestEvent => ({
  ...stamps(id, at),
  requestId,
  kind: 'note',
  action: '',
  on: at.slice(0, 10),
  note: '',
  attachment: null,
  letter: null,
  ...data,
});
export const timelines = new Map<string, RequestEvent[]>([
  [
    'r1',
    [
      requestEvent('t1', 'r1', '2023-02-01T08:00:00.000Z', { kind: 'created' }),
      requestEvent('t2', 'r1', '2023-02-10T08:00:00.000Z', {
        kind: 'letter',
        action: 'response_cover',
        letter: {
          kind: 'response_cover',
          language: 'fr',
          channel: 'email',
          subject: 'Votre opposition',
          body: 'Madame, …',
        },
      }),
    ],
  ],
  ['r2', [requestEvent('t3', 'r2', '2024-03-01T08:00:00.000Z', { kind: 'created' })]],
]);

export const retentionRules: RetentionRule[] = [
  {
    ...stamps('k1', '2024-01-01T00:00:00.000Z'),
    scope: 'category',
    category: 'customer',
    purposeId: '',
    anchor: 'relationship_end',
    months: 36,
    reference: 'CNIL',
    active: true,
  },
  {
    ...stamps('k2', '2024-01-01T00:00:00.000Z'),
    scope: 'category',
    category: 'prospect',
    purposeId: '',
    anchor: 'last_contact',
    months: 36,
    reference: '',
    active: true,
  },
  {
    ...stamps('k3', '2024-01-01T00:00:00.000Z'),
    scope: 'purpose',
    category: '',
    purposeId: 'p-news',
    anchor: 'last_decision',
    months: 24,
    reference: '',
    active: true,
  },
];

export function input(overrides: Partial<AccessPackageInput> = {}): AccessPackageInput {
  return {
    generatedAt: '2024-03-20T10:00:00.000Z',
    language: 'fr',
    organisation: {
      legalName: 'Boulangerie Dupré SARL',
      address: '12 rue des Lilas\n75011 Paris',
      contactEmail: 'rgpd@dupre.example',
      dpoEmail: '',
      registrationNumber: '123 456 789',
      recipients: ['Comptable', 'Routeur e-mail'],
    },
    subject,
    purposes,
    notices,
    consentEvents,
    requests,
    timelines,
    retentionRules,
    forRequestId: 'r2',
    dayOf: (iso) => iso.slice(0, 10),
    ...overrides,
  };
}
