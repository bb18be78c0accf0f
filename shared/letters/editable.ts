/**
 * Templates as the person editing them sees them: each `{{placeholder}}` shown by its name in words
 * between square brackets ("[Date limite de réponse]"), and turned back into the stored
 * `{{request.dueOn}}` form on save, so templates saved before keep working unchanged.
 */
import { PLACEHOLDERS, type LetterFields, type LetterLanguage, type PlaceholderName } from './placeholders';
import { buildLetterFields, type LetterFieldsInput } from './fields';

const STORED = /\{\{\s*([^{}]*?)\s*\}\}/g;
const SHOWN = /\[([^[\]\n]{1,80})\]/g;

const byName = new Map<string, (typeof PLACEHOLDERS)[number]>(PLACEHOLDERS.map((p) => [p.name, p]));
/** Either language's label: a template written with the French screens still saves from the English ones. */
const byLabel = new Map<string, PlaceholderName>(
  PLACEHOLDERS.flatMap((p) => [
    [p.label.fr.toLocaleLowerCase('fr'), p.name],
    [p.label.en.toLocaleLowerCase('en'), p.name],
  ]),
);

/** The label shown for a field, e.g. '[Date limite de réponse]'. */
export function shownField(name: PlaceholderName, lang: LetterLanguage): string {
  return `[${byName.get(name)?.label[lang] ?? name}]`;
}

/** Stored → shown: known placeholders become their bracketed label; anything else is left as typed. */
export function toEditable(text: string, lang: LetterLanguage): string {
  return text.replace(STORED, (match, name: string) => {
    const info = byName.get(name);
    return info ? `[${info.label[lang]}]` : match;
  });
}

/** Shown → stored: a bracketed label of a known field becomes its placeholder; other brackets stay text. */
export function fromEditable(text: string): string {
  return text.replace(SHOWN, (match, label: string) => {
    const name = byLabel.get(label.trim().toLocaleLowerCase());
    return name ? `{{${name}}}` : match;
  });
}

const SAMPLE: Record<
  LetterLanguage,
  {
    subject: LetterFieldsInput['subject'];
    extensionReasons: string;
    outcome: string;
    refusalDetails: string;
    purposeName: string;
  }
> = {
  fr: {
    subject: {
      firstName: 'Marie',
      lastName: 'Exemple',
      email: 'marie.exemple@exemple.fr',
      postalAddress: '3 rue des Exemples\n75000 Paris',
    },
    extensionReasons: 'le nombre de demandes reçues ce mois-ci',
    outcome: 'Vous trouverez ci-joint une copie des données que nous détenons sur vous.',
    refusalDetails: 'Trois demandes identiques en un mois.',
    purposeName: 'Lettre d’information par e-mail',
  },
  en: {
    subject: {
      firstName: 'Jane',
      lastName: 'Example',
      email: 'jane.example@example.com',
      postalAddress: '3 Example Street\nLondon',
    },
    extensionReasons: 'the number of requests received this month',
    outcome: 'Please find enclosed a copy of the data we hold about you.',
    refusalDetails: 'Three identical requests within one month.',
    purposeName: 'Email newsletter',
  },
};

/** '2026-04-07' plus n days, in the calendar (no time zone involved). */
function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Every field filled with an example (the organisation's own details, a made-up person and request),
 * so that the template editor's preview reads as a real letter.
 */
export function sampleLetterFields(
  organisation: LetterFieldsInput['organisation'],
  operatorName: string,
  today: string,
  lang: LetterLanguage,
): LetterFields {
  const sample = SAMPLE[lang];
  return buildLetterFields({
    organisation,
    subject: sample.subject,
    request: {
      reference: `DSR-${today.slice(0, 4)}-ABC-0001`,
      receivedOn: today,
      rights: ['access'],
      dueOn: addDays(today, 30),
      extendedDueOn: addDays(today, 91),
      extensionReasons: sample.extensionReasons,
      refusalReason: 'excessive',
      refusalDetails: sample.refusalDetails,
      outcome: sample.outcome,
    },
    campaign: {
      purposeName: sample.purposeName,
      lastDecidedOn: addDays(today, -3 * 365),
      noticeNumber: 2,
      noticeEffectiveOn: addDays(today, -30),
      formReference: 'F-N2-7K2Q',
    },
    operatorName,
    today,
    lang,
  });
}
