/**
 * The readable summary of an access package (Art. 15 GDPR) as an A4 PDF: who the controller is,
 * the person's details, their current choices and every consent decision with the notice version
 * shown, their requests and the letters sent, the recipients, how long the data is kept and why,
 * and their rights. The JSON and CSV files carry the same data for machines (Art. 20).
 *
 * Same determinism as the letters: creation date from `issuedOn`, document ID from a hash of the
 * package, so the same package always gives the same bytes.
 */
import type { AccessPackage, PackagedRetention } from '../access/package';
import type { ConsentChannel, Decision } from '../consent/model';
import { formatLongDate } from '../letters/fields';
import type { RequestStatus, Right } from '../requests/model';
import type { RetentionAnchor, RetentionCategory } from '../retention/model';
import { newPdfDocument, pdfBytes } from './document';
import { numberPages, PdfFlow } from './text';

/** Words for the package's codes in the document's language (the app's own translations). */
export interface AccessPdfWords {
  decision(code: Decision): string;
  consentChannel(code: ConsentChannel): string;
  right(code: Right): string;
  status(code: RequestStatus): string;
  letterKind(code: string): string;
  category(code: RetentionCategory): string;
  anchor(code: RetentionAnchor): string;
}

export interface AccessPdfInput {
  pkg: AccessPackage;
  words: AccessPdfWords;
  /** The controller's calendar date ('YYYY-MM-DD') of an ISO instant. */
  dayOf: (iso: string) => string;
}

const MARGIN = { top: 18, right: 18, bottom: 20, left: 18 } as const;
const FONT_SIZE = 10;

const LABELS = {
  fr: {
    language: 'fr-FR',
    title: 'Vos données personnelles',
    intro: (controller: string, date: string, request: string) =>
      `Document établi le ${date} par ${controller}${request ? `, en réponse à votre demande ${request}` : ''} : ` +
      `les données que nous détenons sur vous (droit d’accès, article 15 du RGPD). Les fichiers JSON et ` +
      `CSV joints contiennent les mêmes données dans un format lisible par machine (droit à la ` +
      `portabilité, article 20).`,
    controller: 'Responsable du traitement',
    contact: 'Contact\u00a0: ',
    dpo: 'Délégué à la protection des données\u00a0: ',
    registration: 'Immatriculation\u00a0: ',
    details: 'Vos coordonnées',
    fields: {
      firstName: 'Prénom',
      lastName: 'Nom',
      email: 'E-mail',
      phone: 'Téléphone',
      customerRef: 'Référence client',
      postalAddress: 'Adresse postale',
      notes: 'Notes',
      recordedAt: 'Enregistré le',
      updatedAt: 'Modifié le',
    },
    field: 'Donnée',
    value: 'Valeur',
    preferences: 'Vos choix actuels',
    consents: 'Historique de vos décisions',
    purpose: 'Finalité',
    decision: 'Décision',
    since: 'Depuis le',
    date: 'Date',
    channel: 'Recueilli par',
    notice: 'Information',
    requests: 'Vos demandes',
    reference: 'Référence',
    rights: 'Droits',
    received: 'Reçue le',
    status: 'État',
    answered: 'Répondue le',
    letters: 'Courriers envoyés',
    request: 'Demande',
    letter: 'Courrier',
    subject: 'Objet',
    recipients: 'Destinataires de vos données',
    noRecipients: 'Aucun destinataire déclaré.',
    retention: 'Durée de conservation',
    noRetention: 'Aucune règle de conservation ne s’applique encore à vos données.',
    retentionLine: (what: string, months: number, anchor: string, start: string, end: string) =>
      `${what}\u00a0: ${months} mois à compter de ${anchor} (${start}), soit jusqu’au ${end}.`,
    retentionSaidNo: (what: string, date: string) =>
      `${what}\u00a0: vous avez dit non le ${date}\u00a0; ces données ne sont plus utilisées pour cette finalité.`,
    none: 'Aucune.',
    rights_: 'Vos droits',
    rightsText: (email: string) =>
      `Vous pouvez demander la rectification ou l’effacement de vos données, la limitation de leur ` +
      `traitement, vous opposer à leur traitement, retirer à tout moment un consentement donné et ` +
      `recevoir vos données pour les transmettre à un autre organisme, en écrivant à ${email}. Vous ` +
      `pouvez introduire une réclamation auprès de la CNIL (www.cnil.fr).`,
  },
  en: {
    language: 'en-GB',
    title: 'Your personal data',
    intro: (controller: string, date: string, request: string) =>
      `Prepared on ${date} by ${controller}${request ? `, in answer to your request ${request}` : ''}: ` +
      `the data we hold about you (right of access, Article 15 GDPR). The attached JSON and CSV files ` +
      `hold the same data in a machine-readable format (right to data portability, Article 20).`,
    controller: 'Controller',
    contact: 'Contact: ',
    dpo: 'Data protection officer: ',
    registration: 'Registration: ',
    details: 'Your details',
    fields: {
      firstName: 'First name',
      lastName: 'Last name',
      email: 'Email',
      phone: 'Phone',
      customerRef: 'Customer reference',
      postalAddress: 'Postal address',
      notes: 'Notes',
      recordedAt: 'Recorded on',
      updatedAt: 'Changed on',
    },
    field: 'Item',
    value: 'Value',
    preferences: 'Your current choices',
    consents: 'History of your decisions',
    purpose: 'Purpose',
    decision: 'Decision',
    since: 'Since',
    date: 'Date',
    channel: 'Given by',
    notice: 'Notice',
    requests: 'Your requests',
    reference: 'Reference',
    rights: 'Rights',
    received: 'Received',
    status: 'Status',
    answered: 'Answered',
    letters: 'Letters sent',
    request: 'Request',
    letter: 'Letter',
    subject: 'Subject',
    recipients: 'Recipients of your data',
    noRecipients: 'No recipient declared.',
    retention: 'How long your data is kept',
    noRetention: 'No retention rule applies to your data yet.',
    retentionLine: (what: string, months: number, anchor: string, start: string, end: string) =>
      `${what}: ${months} months from ${anchor} (${start}), that is until ${end}.`,
    retentionSaidNo: (what: string, date: string) =>
      `${what}: you said no on ${date}; this data is no longer used for this purpose.`,
    none: 'None.',
    rights_: 'Your rights',
    rightsText: (email: string) =>
      `You may ask for your data to be corrected or erased, for its processing to be restricted, ` +
      `object to its processing, withdraw a consent at any time and receive your data to pass it to ` +
      `another organisation, by writing to ${email}. You may lodge a complaint with the supervisory ` +
      `authority.`,
  },
} as const;

/** `compress: false` leaves the page content readable in the file, for tests and debugging. */
export function accessPdf(input: AccessPdfInput, options: { compress?: boolean } = {}): Uint8Array {
  const { pkg, words } = input;
  const labels = LABELS[pkg.language] ?? LABELS.fr;
  const day = (iso: string) =>
    iso ? formatLongDate(iso.length > 10 ? input.dayOf(iso) : iso, pkg.language) : '';
  const issuedOn = input.dayOf(pkg.generatedAt);
  const doc = newPdfDocument({
    issuedOn,
    canonical: JSON.stringify(pkg),
    title: labels.title,
    language: labels.language,
    compress: options.compress,
  });

  const flow = new PdfFlow(doc, MARGIN, FONT_SIZE);
  const { controller, person } = pkg;
  flow.heading(labels.title, 1);
  flow.paragraph(labels.intro(controller.name, day(issuedOn), pkg.request));

  flow.heading(labels.controller, 2);
  flow.paragraph(
    [
      controller.name,
      controller.address,
      labels.contact + controller.contactEmail,
      controller.dpoEmail ? labels.dpo + controller.dpoEmail : '',
      controller.registrationNumber ? labels.registration + controller.registrationNumber : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );

  flow.heading(labels.details, 2);
  const details = (Object.keys(labels.fields) as (keyof typeof labels.fields)[]).map((key) => [
    labels.fields[key],
    key === 'recordedAt' || key === 'updatedAt' ? day(person[key]) : person[key],
  ]);
  flow.table(
    [
      { header: labels.field, weight: 1 },
      { header: labels.value, weight: 3 },
    ],
    details,
  );

  const table = (heading: string, headers: string[], weights: number[], rows: string[][]) => {
    flow.heading(heading, 2);
    if (rows.length === 0) flow.paragraph(labels.none);
    else
      flow.table(
        headers.map((header, i) => ({ header, weight: weights[i] ?? 1 })),
        rows,
      );
  };
  const noticeText = (number: number | null | undefined) => (number ? `v${number}` : '');
  table(
    labels.preferences,
    [labels.purpose, labels.decision, labels.since, labels.notice],
    [3, 1.5, 1.5, 1],
    pkg.preferences.map((p) => [
      p.purpose,
      words.decision(p.decision),
      day(p.since),
      noticeText(p.noticeNumber),
    ]),
  );
  table(
    labels.consents,
    [labels.date, labels.purpose, labels.decision, labels.channel, labels.notice],
    [1.5, 3, 1.5, 1.5, 1],
    pkg.consents.map((c) => [
      day(c.decidedOn ?? c.decidedAt),
      c.purpose,
      words.decision(c.decision),
      words.consentChannel(c.channel),
      noticeText(c.notice?.number),
    ]),
  );
  table(
    labels.requests,
    [labels.reference, labels.rights, labels.received, labels.status, labels.answered],
    [2, 2.5, 1.5, 1.5, 1.5],
    pkg.requests.map((r) => [
      r.reference,
      r.rights.map((right) => words.right(right)).join(', '),
      day(r.receivedAt),
      words.status(r.status),
      day(r.respondedOn),
    ]),
  );
  table(
    labels.letters,
    [labels.date, labels.request, labels.letter, labels.subject],
    [1.5, 2, 2, 3.5],
    pkg.requests.flatMap((r) =>
      r.letters.map((l) => [day(l.sentOn), l.request, words.letterKind(l.kind), l.subject]),
    ),
  );

  flow.heading(labels.recipients, 2);
  flow.paragraph(
    pkg.recipients.length ? pkg.recipients.map((name) => `- ${name}`).join('\n') : labels.noRecipients,
  );

  flow.heading(labels.retention, 2);
  const retentionLine = (rule: PackagedRetention) => {
    const what = rule.scope === 'purpose' ? rule.purpose : words.category(rule.category as RetentionCategory);
    const line =
      rule.cause === 'period'
        ? labels.retentionLine(
            what,
            rule.months,
            words.anchor(rule.anchor),
            day(rule.startedOn),
            day(rule.endsOn),
          )
        : labels.retentionSaidNo(what, day(rule.startedOn));
    return `- ${line}${rule.reference ? ` ${rule.reference}` : ''}`;
  };
  flow.paragraph(pkg.retention.length ? pkg.retention.map(retentionLine).join('\n') : labels.noRetention);

  flow.heading(labels.rights_, 2);
  flow.paragraph(labels.rightsText(controller.contactEmail));

  numberPages(doc);
  return pdfBytes(doc);
}
