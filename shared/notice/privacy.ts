/**
 * The organisation's privacy notice (Art. 13 GDPR), written from what the workspace already holds:
 * the controller, the record of processing activities (Art. 30), the retention rules and the
 * consent purposes. One document model, three renderings (HTML for a website, plain text, PDF for
 * the counter), so that every output says the same thing.
 *
 * `sourceHash` is a digest of exactly the facts the notice uses: when any of them changes (an
 * activity, a retention rule, a purpose, the controller's contact), the notice is out of date.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { RegisterEntryData, RegisterLawfulBasis, TransferSafeguard } from '../registers/model';
import type { RetentionAnchor, RetentionCategory, RetentionScope } from '../retention/model';
import type { LawfulBasis } from '../consent/model';
import { formatLongDate } from '../letters/fields';

export type NoticeLanguage = 'fr' | 'en';

export type PrivacyNoticeFacts = {
  organisation: {
    legalName: string;
    address: string;
    registrationNumber: string;
    contactEmail: string;
    dpoEmail: string;
  };
  /** The activities of the record still in use. */
  activities: (Pick<
    RegisterEntryData,
    | 'name'
    | 'purposes'
    | 'lawfulBases'
    | 'lawfulBasisDetails'
    | 'subjectCategories'
    | 'recipients'
    | 'transfers'
    | 'retention'
    | 'sources'
    | 'consentPurposeIds'
  > & { dataCategories: { name: string }[] })[];
  retentionRules: {
    scope: RetentionScope;
    category: '' | RetentionCategory;
    purposeId: string;
    anchor: RetentionAnchor;
    months: number;
    reference: string;
  }[];
  /** Active consent and legitimate-interest purposes, with the notice text people are shown. */
  purposes: {
    id: string;
    name: { fr: string; en: string };
    description: { fr: string; en: string };
    lawfulBasis: LawfulBasis;
  }[];
  /** The latest version of the register, stated on the notice: its last change. */
  registerUpdatedOn: string;
};

export type NoticeBlock = { kind: 'p'; text: string } | { kind: 'list'; items: string[] };
export type NoticeSection = { heading: string; blocks: NoticeBlock[]; sub?: NoticeSection[] };
export type PrivacyNotice = {
  lang: NoticeLanguage;
  title: string;
  /** 'YYYY-MM-DD' */
  generatedOn: string;
  /** The sentence naming the register version the notice was written from. */
  source: string;
  sourceHash: string;
  sections: NoticeSection[];
};

const BASES: Record<NoticeLanguage, Record<RegisterLawfulBasis, string>> = {
  fr: {
    consent: 'votre consentement (article 6.1.a du RGPD)',
    contract: 'l’exécution d’un contrat avec vous ou de mesures précontractuelles (article 6.1.b)',
    legal_obligation: 'une obligation légale (article 6.1.c)',
    vital_interests: 'la sauvegarde des intérêts vitaux (article 6.1.d)',
    public_task: 'une mission d’intérêt public (article 6.1.e)',
    legitimate_interests: 'notre intérêt légitime (article 6.1.f)',
  },
  en: {
    consent: 'your consent (Article 6(1)(a) GDPR)',
    contract: 'the performance of a contract with you or steps before entering into it (Article 6(1)(b))',
    legal_obligation: 'a legal obligation (Article 6(1)(c))',
    vital_interests: 'the protection of vital interests (Article 6(1)(d))',
    public_task: 'a task carried out in the public interest (Article 6(1)(e))',
    legitimate_interests: 'our legitimate interests (Article 6(1)(f))',
  },
};

const SAFEGUARDS: Record<NoticeLanguage, Record<TransferSafeguard, string>> = {
  fr: {
    adequacy_decision: 'décision d’adéquation de la Commission européenne',
    standard_contractual_clauses: 'clauses contractuelles types de la Commission européenne',
    binding_corporate_rules: 'règles d’entreprise contraignantes',
    code_or_certification: 'code de conduite ou certification',
    derogation: 'dérogation prévue à l’article 49 du RGPD',
    other: 'autre garantie',
  },
  en: {
    adequacy_decision: 'European Commission adequacy decision',
    standard_contractual_clauses: 'European Commission standard contractual clauses',
    binding_corporate_rules: 'binding corporate rules',
    code_or_certification: 'code of conduct or certification',
    derogation: 'derogation under Article 49 GDPR',
    other: 'other safeguard',
  },
};

const WORDS = {
  fr: {
    title: 'Informations sur la protection de vos données personnelles',
    source: (date: string, generated: string) =>
      `Établie le ${generated} d’après notre registre des activités de traitement mis à jour le ${date}.`,
    controllerHeading: 'Qui est responsable de vos données ?',
    controller: (name: string, address: string) => `${name}, ${address}.`,
    registration: (number: string) => `Immatriculation : ${number}.`,
    contact: (email: string) => `Pour toute question sur vos données : ${email}.`,
    dpo: (email: string) => `Délégué à la protection des données : ${email}.`,
    activitiesHeading: 'Ce que nous faisons de vos données',
    purposes: 'Pourquoi',
    bases: 'Sur quelle base légale',
    people: 'Personnes concernées',
    data: 'Données utilisées',
    recipients: 'Qui les reçoit',
    noRecipients: 'Personne en dehors de notre entreprise.',
    transfers: 'Transferts hors de l’Union européenne',
    transfer: (country: string, recipient: string, safeguard: string) =>
      `${country}${recipient ? ` (${recipient})` : ''} — garantie : ${safeguard}`,
    noTransfer: 'Aucun transfert hors de l’Union européenne.',
    retention: 'Combien de temps nous les gardons',
    sources: 'D’où viennent les données',
    none: 'Aucune activité de traitement n’est encore inscrite au registre.',
    consentHeading: 'Ce à quoi vous pouvez consentir ou vous opposer',
    consentIntro:
      'Vous choisissez pour chacune de ces utilisations ; vous pouvez changer d’avis à tout moment, aussi simplement que vous avez donné votre accord, sans que cela remette en cause ce qui a été fait avant.',
    byConsent: 'avec votre consentement, que vous pouvez retirer à tout moment',
    byInterest: 'sur la base de notre intérêt légitime ; vous pouvez vous y opposer à tout moment',
    retentionHeading: 'Durées de conservation',
    rule: (subject: string, months: number, anchor: string) => `${subject} : ${months} mois ${anchor}`,
    categories: { prospect: 'Prospects', customer: 'Clients' } as Record<RetentionCategory, string>,
    anchors: {
      last_contact: 'après le dernier contact',
      relationship_end: 'après la fin de la relation commerciale',
      last_decision: 'après votre dernière décision pour cette utilisation',
    } as Record<RetentionAnchor, string>,
    noRules: 'Les durées sont indiquées pour chaque activité ci-dessus.',
    rightsHeading: 'Vos droits',
    rightsIntro: 'Vous pouvez à tout moment :',
    rights: [
      'accéder à vos données et en obtenir une copie (article 15) ;',
      'les faire rectifier (article 16) ou effacer (article 17) ;',
      'demander la limitation de leur utilisation (article 18) ;',
      'recevoir les données que vous nous avez fournies dans un format réutilisable (article 20) ;',
      'vous opposer à leur utilisation, en particulier à la prospection, à tout moment (article 21) ;',
      'retirer votre consentement à tout moment (article 7.3).',
    ],
    rightsHow: (email: string) =>
      `Pour exercer ces droits, écrivez-nous à ${email}, par courrier ou venez nous voir. Nous répondons dans un délai d’un mois, qui peut être prolongé de deux mois pour une demande complexe ; nous vous le dirons alors dans le premier mois. Nous pouvons vous demander de justifier de votre identité si nous avons un doute raisonnable.`,
    complaintHeading: 'Réclamation',
    complaint:
      'Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la Commission nationale de l’informatique et des libertés (CNIL), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, ou sur le site de la CNIL (cnil.fr).',
  },
  en: {
    title: 'How we protect your personal data',
    source: (date: string, generated: string) =>
      `Written on ${generated} from our record of processing activities as updated on ${date}.`,
    controllerHeading: 'Who is responsible for your data?',
    controller: (name: string, address: string) => `${name}, ${address}.`,
    registration: (number: string) => `Registration number: ${number}.`,
    contact: (email: string) => `For any question about your data: ${email}.`,
    dpo: (email: string) => `Data protection officer: ${email}.`,
    activitiesHeading: 'What we do with your data',
    purposes: 'Why',
    bases: 'On what legal basis',
    people: 'People concerned',
    data: 'Data used',
    recipients: 'Who receives it',
    noRecipients: 'Nobody outside our business.',
    transfers: 'Transfers outside the European Union',
    transfer: (country: string, recipient: string, safeguard: string) =>
      `${country}${recipient ? ` (${recipient})` : ''} — safeguard: ${safeguard}`,
    noTransfer: 'No transfer outside the European Union.',
    retention: 'How long we keep it',
    sources: 'Where the data comes from',
    none: 'No processing activity is in the record yet.',
    consentHeading: 'What you can agree to or object to',
    consentIntro:
      'You decide for each of these uses; you can change your mind at any time, as easily as you agreed, without affecting what was done before.',
    byConsent: 'with your consent, which you may withdraw at any time',
    byInterest: 'based on our legitimate interests; you may object at any time',
    retentionHeading: 'How long we keep your data',
    rule: (subject: string, months: number, anchor: string) => `${subject}: ${months} months ${anchor}`,
    categories: { prospect: 'Prospects', customer: 'Customers' } as Record<RetentionCategory, string>,
    anchors: {
      last_contact: 'after the last contact',
      relationship_end: 'after the end of the business relationship',
      last_decision: 'after your last decision about this use',
    } as Record<RetentionAnchor, string>,
    noRules: 'The periods are given for each activity above.',
    rightsHeading: 'Your rights',
    rightsIntro: 'At any time, you may:',
    rights: [
      'access your data and get a copy of it (Article 15);',
      'have it corrected (Article 16) or erased (Article 17);',
      'ask us to restrict its use (Article 18);',
      'receive the data you gave us in a reusable format (Article 20);',
      'object to its use, in particular for direct marketing, at any time (Article 21);',
      'withdraw your consent at any time (Article 7(3)).',
    ],
    rightsHow: (email: string) =>
      `To exercise these rights, write to us at ${email}, by post, or come and see us. We answer within one month, which may be extended by two months for a complex request; we would tell you so within the first month. We may ask you to prove your identity if we have reasonable doubts.`,
    complaintHeading: 'Complaints',
    complaint:
      'If you think your rights are not respected, you may lodge a complaint with the French data protection authority, the Commission nationale de l’informatique et des libertés (CNIL), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, France, or on the CNIL’s website (cnil.fr).',
  },
} as const;

/** A digest of the facts the notice is written from (key order does not matter). */
export function noticeSourceHash(facts: PrivacyNoticeFacts): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(facts)))).slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const present = (text: string | undefined) => (text ?? '').trim();

/** The notice in one language, from the facts; `generatedOn` is 'YYYY-MM-DD'. */
export function buildPrivacyNotice(
  facts: PrivacyNoticeFacts,
  lang: NoticeLanguage,
  generatedOn: string,
): PrivacyNotice {
  const w = WORDS[lang];
  const { organisation } = facts;
  const controller: NoticeBlock[] = [
    { kind: 'p', text: w.controller(organisation.legalName, organisation.address) },
  ];
  if (present(organisation.registrationNumber))
    controller.push({ kind: 'p', text: w.registration(organisation.registrationNumber) });
  controller.push({ kind: 'p', text: w.contact(organisation.contactEmail) });
  if (present(organisation.dpoEmail)) controller.push({ kind: 'p', text: w.dpo(organisation.dpoEmail) });

  const activities: NoticeSection[] = facts.activities.map((activity) => {
    const blocks: NoticeBlock[] = [];
    const labelled = (label: string, text: string) =>
      blocks.push({ kind: 'p', text: `${label}${lang === 'fr' ? ' : ' : ': '}${text}` });
    labelled(w.purposes, activity.purposes.trim());
    const bases = activity.lawfulBases.map((basis) => BASES[lang][basis]).join(lang === 'fr' ? ' ; ' : '; ');
    labelled(
      w.bases,
      present(activity.lawfulBasisDetails) ? `${bases} — ${activity.lawfulBasisDetails.trim()}` : bases,
    );
    if (activity.subjectCategories.length > 0) labelled(w.people, activity.subjectCategories.join(', '));
    if (activity.dataCategories.length > 0)
      labelled(w.data, activity.dataCategories.map((category) => category.name).join(', '));
    labelled(w.recipients, activity.recipients.length > 0 ? activity.recipients.join(', ') : w.noRecipients);
    if (activity.transfers.length > 0) {
      blocks.push({ kind: 'p', text: w.transfers });
      blocks.push({
        kind: 'list',
        items: activity.transfers.map((transfer) =>
          w.transfer(transfer.country, present(transfer.recipient), SAFEGUARDS[lang][transfer.safeguard]),
        ),
      });
    } else labelled(w.transfers, w.noTransfer);
    if (present(activity.retention)) labelled(w.retention, activity.retention.trim());
    if (present(activity.sources)) labelled(w.sources, activity.sources.trim());
    return { heading: activity.name, blocks };
  });

  const purposeName = new Map(
    facts.purposes.map((purpose) => [purpose.id, purpose.name[lang] || purpose.name.fr]),
  );
  const consentItems = facts.purposes.map((purpose) => {
    const description = present(purpose.description[lang] || purpose.description.fr);
    const how = purpose.lawfulBasis === 'consent' ? w.byConsent : w.byInterest;
    return `${purposeName.get(purpose.id)}${description ? ` — ${description}` : ''} (${how})`;
  });

  const ruleItems = facts.retentionRules.map((rule) => {
    const subject =
      rule.scope === 'category' && rule.category
        ? w.categories[rule.category]
        : (purposeName.get(rule.purposeId) ?? '');
    const text = w.rule(subject, rule.months, w.anchors[rule.anchor]);
    return present(rule.reference) ? `${text} (${rule.reference.trim()})` : text;
  });

  const sections: NoticeSection[] = [
    { heading: w.controllerHeading, blocks: controller },
    {
      heading: w.activitiesHeading,
      blocks: activities.length === 0 ? [{ kind: 'p', text: w.none }] : [],
      sub: activities,
    },
  ];
  if (consentItems.length > 0)
    sections.push({
      heading: w.consentHeading,
      blocks: [
        { kind: 'p', text: w.consentIntro },
        { kind: 'list', items: consentItems },
      ],
    });
  sections.push({
    heading: w.retentionHeading,
    blocks: ruleItems.length > 0 ? [{ kind: 'list', items: ruleItems }] : [{ kind: 'p', text: w.noRules }],
  });
  sections.push({
    heading: w.rightsHeading,
    blocks: [
      { kind: 'p', text: w.rightsIntro },
      { kind: 'list', items: [...w.rights] },
      { kind: 'p', text: w.rightsHow(organisation.contactEmail) },
    ],
  });
  sections.push({ heading: w.complaintHeading, blocks: [{ kind: 'p', text: w.complaint }] });

  return {
    lang,
    title: `${w.title} — ${organisation.legalName}`,
    generatedOn,
    source: w.source(formatLongDate(facts.registerUpdatedOn, lang), formatLongDate(generatedOn, lang)),
    sourceHash: noticeSourceHash(facts),
    sections,
  };
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function blocksHtml(blocks: NoticeBlock[]): string {
  return blocks
    .map((block) =>
      block.kind === 'p'
        ? `<p>${escapeHtml(block.text)}</p>`
        : `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`,
    )
    .join('\n');
}

/** A self-contained HTML page: no script, no external resource, styles inline. */
export function privacyNoticeHtml(notice: PrivacyNotice): string {
  const sections = notice.sections
    .map(
      (section) =>
        `<section>\n<h2>${escapeHtml(section.heading)}</h2>\n${blocksHtml(section.blocks)}\n${(
          section.sub ?? []
        )
          .map(
            (sub) => `<section>\n<h3>${escapeHtml(sub.heading)}</h3>\n${blocksHtml(sub.blocks)}\n</section>`,
          )
          .join('\n')}\n</section>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${notice.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(notice.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}h3{font-size:1.05rem}.source{color:#555;font-size:.9rem}</style>
</head>
<body>
<main>
<h1>${escapeHtml(notice.title)}</h1>
<p class="source">${escapeHtml(notice.source)}</p>
${sections}
</main>
</body>
</html>
`;
}

/** Plain text, for an e-mail or a text file. */
export function privacyNoticeText(notice: PrivacyNotice): string {
  const lines: string[] = [notice.title, '='.repeat(Math.min(notice.title.length, 72)), notice.source, ''];
  const blocks = (list: NoticeBlock[]) => {
    for (const block of list) {
      if (block.kind === 'p') lines.push(block.text, '');
      else {
        for (const item of block.items) lines.push(`- ${item}`);
        lines.push('');
      }
    }
  };
  for (const section of notice.sections) {
    lines.push(section.heading.toUpperCase(), '');
    blocks(section.blocks);
    for (const sub of section.sub ?? []) {
      lines.push(sub.heading, '-'.repeat(Math.min(sub.heading.length, 72)));
      blocks(sub.blocks);
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
