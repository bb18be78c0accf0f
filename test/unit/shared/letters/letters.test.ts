import { describe, expect, it } from 'vitest';
import {
  LETTER_KINDS,
  LETTER_LANGUAGES,
  PLACEHOLDERS,
  REFUSAL_REASONS,
  REQUEST_RIGHTS,
  buildLetterFields,
  defaultTemplate,
  formatLongDate,
  humanList,
  missingRequired,
  refusalReasonText,
  renderLetter,
  requiredFields,
  rightLabel,
  validateTemplate,
  type LetterFieldsInput,
  type LetterLanguage,
} from '../../../../shared/letters';

type RequestLetterInput = LetterFieldsInput & { request: NonNullable<LetterFieldsInput['request']> };

function input(lang: LetterLanguage, overrides: Partial<LetterFieldsInput> = {}): RequestLetterInput {
  return {
    organisation: {
      legalName: 'Boulangerie Dupré SARL',
      address: '12 rue des Lilas,\n75011 Paris',
      contactEmail: 'rgpd@dupre.example',
      dpoEmail: 'dpo@dupre.example',
      country: 'FR',
    },
    subject: {
      firstName: 'Héloïse',
      lastName: 'Lœwy',
      email: 'heloise@example.org',
      postalAddress: '3 avenue Foch\n69006 Lyon',
    },
    request: {
      reference: 'DSR-2026-0042',
      receivedOn: '2026-04-07',
      rights: ['access', 'erasure'],
      dueOn: '2026-05-07',
      extendedDueOn: '2026-07-07',
      extensionReasons: 'Votre demande porte sur dix années d’archives papier.',
      refusalReason: 'excessive',
      refusalDetails: 'Vous nous avez adressé la même demande trois fois ce mois-ci.',
      outcome: '- copie de vos données (annexe 1)',
    },
    operatorName: 'Marie Martin',
    today: '2026-04-08',
    lang,
    ...overrides,
  };
}

const render = (
  kind: (typeof LETTER_KINDS)[number],
  lang: LetterLanguage,
  fields = buildLetterFields(input(lang)),
) => renderLetter(defaultTemplate(kind, lang), fields, lang);

describe('default templates', () => {
  for (const kind of LETTER_KINDS) {
    for (const lang of LETTER_LANGUAGES) {
      it(`${kind} (${lang}) uses known placeholders only and renders completely`, () => {
        expect(validateTemplate(defaultTemplate(kind, lang))).toEqual({ ok: true });
        const letter = render(kind, lang);
        expect(letter.missing).toEqual([]);
        expect(letter.subject).toContain('DSR-2026-0042');
        expect(letter.subject).not.toContain('\n');
        for (const text of [letter.subject, letter.body]) {
          expect(text).not.toMatch(/\{\{|\}\}/);
          expect(text).not.toMatch(/[ \t]$/m);
        }
        expect(letter.body).toContain('Marie Martin');
        expect(letter.body).toContain('Boulangerie Dupré SARL');
        expect(missingRequired(kind, buildLetterFields(input(lang)))).toEqual([]);
      });
    }
  }

  it('is a copy the template editor may change', () => {
    const template = defaultTemplate('acknowledgement', 'fr');
    template.body = 'changed';
    expect(defaultTemplate('acknowledgement', 'fr').body).not.toBe('changed');
  });

  it('states the one-month deadline in the acknowledgement', () => {
    expect(render('acknowledgement', 'fr').body).toContain('au plus tard le 7 mai 2026');
    expect(render('acknowledgement', 'en').body).toContain('by 7 May 2026 at the latest');
  });

  it('explains in the identity request that the period is suspended (Art. 12(6))', () => {
    const fr = render('identity_request', 'fr').body;
    expect(fr).toContain('article 12, paragraphe 6');
    expect(fr).toContain('est suspendu jusqu’à la réception');
    const en = render('identity_request', 'en').body;
    expect(en).toContain('Article 12(6)');
    expect(en).toContain('is suspended until we receive');
  });

  it('gives the reasons and the new deadline in the extension notice (Art. 12(3))', () => {
    const fr = render('extension_notice', 'fr').body;
    expect(fr).toContain('dix années d’archives papier');
    expect(fr).toContain('au plus tard le 7 juillet 2026');
    expect(fr).toContain('article 12, paragraphe 3');
    const en = render('extension_notice', 'en').body;
    expect(en).toContain('by 7 July 2026 at the latest');
    expect(en).toContain('two further months');
  });

  it('says what was done in the response cover letter', () => {
    expect(render('response_cover', 'fr').body).toContain('- copie de vos données (annexe 1)');
    expect(render('response_cover', 'en').body).toContain('- copie de vos données (annexe 1)');
  });
});

describe('refusal letters (Art. 12(4))', () => {
  it('name the reason, the right to complain to the CNIL and to a judicial remedy (fr)', () => {
    const { body } = render('refusal', 'fr');
    expect(body).toContain('article 12, paragraphe 4');
    expect(body).toContain('votre demande est excessive');
    expect(body).toContain('la même demande trois fois');
    expect(body).toContain('introduire une réclamation auprès de la Commission nationale de l’informatique');
    expect(body).toContain('(CNIL), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, www.cnil.fr');
    expect(body).toContain('former un recours juridictionnel');
  });

  it('name the reason, the right to complain to the CNIL and to a judicial remedy (en)', () => {
    const { body } = render('refusal', 'en');
    expect(body).toContain('Article 12(4)');
    expect(body).toContain('your request is excessive');
    expect(body).toContain('lodge a complaint with the Commission nationale');
    expect(body).toContain('3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, France, www.cnil.fr');
    expect(body).toContain('seek a judicial remedy');
  });

  it('name the competent supervisory authority outside France', () => {
    for (const lang of LETTER_LANGUAGES) {
      const base = input(lang);
      const fields = buildLetterFields({ ...base, organisation: { ...base.organisation, country: 'BE' } });
      const { body } = render('refusal', lang, fields);
      expect(body).not.toContain('CNIL');
      expect(body).toContain(
        lang === 'fr'
          ? 'auprès de l’autorité de contrôle compétente'
          : 'with the competent supervisory authority',
      );
    }
  });

  it('have a text for every reason code, in both languages', () => {
    for (const reason of REFUSAL_REASONS)
      for (const lang of LETTER_LANGUAGES) {
        const text = refusalReasonText(reason, lang);
        expect(text).not.toBe(reason);
        expect(text).toMatch(/RGPD|GDPR/);
      }
  });
});

describe('missing fields', () => {
  it('renders an empty field as nothing and lists it', () => {
    const base = input('fr');
    const fields = buildLetterFields({ ...base, request: { ...base.request, extensionReasons: '  ' } });
    const letter = render('extension_notice', 'fr', fields);
    expect(letter.missing).toEqual(['request.extensionReasons']);
    expect(letter.body).toContain('pour les motifs suivants\u00a0:\n\nNous vous répondrons');
    expect(missingRequired('extension_notice', fields)).toEqual(['request.extensionReasons']);
  });

  it('reports a refusal without a reason', () => {
    const base = input('en');
    const fields = buildLetterFields({ ...base, request: { ...base.request, refusalReason: null } });
    expect(render('refusal', 'en', fields).missing).toEqual(['request.refusalReason']);
    expect(missingRequired('refusal', fields)).toEqual(['request.refusalReason']);
  });

  it('knows the fields each kind needs', () => {
    expect(requiredFields('extension_notice')).toEqual(
      expect.arrayContaining(['request.extensionReasons', 'request.extendedDueOn', 'request.dueOn']),
    );
    expect(requiredFields('refusal')).toEqual(
      expect.arrayContaining(['request.refusalReason', 'organisation.supervisoryAuthority']),
    );
    expect(requiredFields('response_cover')).toContain('request.outcome');
    expect(requiredFields('acknowledgement')).toContain('request.dueOn');
    expect(requiredFields('acknowledgement')).not.toContain('request.refusalReason');
  });

  it('never throws, even on fields it does not know or values of the wrong type', () => {
    const fields = { today: 42, 'request.reference': 'R-1' } as unknown as Record<string, string>;
    const letter = renderLetter(
      { subject: 'Réf. {{request.reference}} {{today}}', body: '{{nope}}\n{{ }}' },
      fields,
      'en',
    );
    expect(letter).toEqual({ subject: 'Réf. R-1', body: '', missing: ['today', 'nope', ''] });
  });
});

describe('templates written by the organisation', () => {
  it('detects unknown placeholders and stray braces', () => {
    expect(
      validateTemplate({
        subject: 'Votre demande {{request.reference}} {{request.numero}}',
        body: 'Bonjour {{ subject.fullName }},\n{{organisation.name}} {{request.numero}}\n{{subject.email}\nfin }}',
      }),
    ).toEqual({
      ok: false,
      unknown: ['request.numero', 'organisation.name', '{{subject.email}', 'fin }}'],
    });
    expect(validateTemplate({ subject: '', body: '{{}}' })).toEqual({ ok: false, unknown: ['{{}}'] });
  });

  it('accepts spaces inside the braces', () => {
    const fields = buildLetterFields(input('en'));
    expect(renderLetter({ subject: '{{ request.reference }}', body: '' }, fields, 'en').subject).toBe(
      'DSR-2026-0042',
    );
  });

  it('never expands a placeholder written inside a merged value', () => {
    const base = input('fr');
    const fields = buildLetterFields({
      ...base,
      request: { ...base.request, extensionReasons: 'Voir {{request.reference}} et {{x}}' },
    });
    const letter = renderLetter({ subject: '', body: '{{request.extensionReasons}}' }, fields, 'fr');
    expect(letter.body).toBe('Voir {{request.reference}} et {{x}}');
    expect(letter.missing).toEqual([]);
  });

  it('keeps the subject on one line and normalises line ends', () => {
    const fields = { ...buildLetterFields(input('en')), 'request.reference': 'A\r\nB' };
    const letter = renderLetter(
      { subject: 'Ref {{request.reference}}', body: 'x\r\ny\r{{request.reference}}' },
      fields,
      'en',
    );
    expect(letter.subject).toBe('Ref A B');
    expect(letter.body).toBe('x\ny\nA\nB');
  });

  it('uses no-break spaces before French double punctuation, not in English', () => {
    const fields = buildLetterFields(input('fr'));
    const template = { subject: 'Objet : test', body: 'Réf. : {{request.reference}} ; « oui » ! ?' };
    expect(renderLetter(template, fields, 'fr').body).toBe(
      'Réf.\u00a0: DSR-2026-0042\u00a0; «\u00a0oui\u00a0»\u00a0!\u00a0?',
    );
    expect(renderLetter(template, fields, 'fr').subject).toBe('Objet\u00a0: test');
    expect(renderLetter(template, fields, 'en').body).toBe('Réf. : DSR-2026-0042 ; « oui » ! ?');
  });
});

describe('merge fields', () => {
  it('formats dates as long dates in the letter’s language', () => {
    expect(formatLongDate('2026-04-07', 'fr')).toBe('7 avril 2026');
    expect(formatLongDate('2026-04-07', 'en')).toBe('7 April 2026');
    expect(formatLongDate('2026-05-01', 'fr')).toBe('1er mai 2026');
    expect(formatLongDate('2026-05-01', 'en')).toBe('1 May 2026');
    expect(formatLongDate('2028-02-29', 'fr')).toBe('29 février 2028');
    expect(formatLongDate('2026-12-31', 'en')).toBe('31 December 2026');
    for (const bad of ['2026-02-30', '07/04/2026', '', '2026-4-7'])
      expect(formatLongDate(bad, 'fr')).toBe('');
  });

  it('builds every field, in French', () => {
    expect(buildLetterFields(input('fr'))).toEqual({
      'organisation.legalName': 'Boulangerie Dupré SARL',
      'organisation.address': '12 rue des Lilas, 75011 Paris',
      'organisation.contactEmail': 'rgpd@dupre.example',
      'organisation.dpoEmail': 'dpo@dupre.example',
      'organisation.supervisoryAuthority':
        'la Commission nationale de l’informatique et des libertés (CNIL), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, www.cnil.fr',
      'subject.fullName': 'Héloïse Lœwy',
      'subject.postalAddress': '3 avenue Foch, 69006 Lyon',
      'subject.email': 'heloise@example.org',
      'request.reference': 'DSR-2026-0042',
      'request.receivedOn': '7 avril 2026',
      'request.rights':
        'le droit d’accès (article 15 du RGPD) et le droit à l’effacement (article 17 du RGPD)',
      'request.dueOn': '7 mai 2026',
      'request.extendedDueOn': '7 juillet 2026',
      'request.extensionReasons': 'Votre demande porte sur dix années d’archives papier.',
      'request.refusalReason':
        'votre demande est excessive, notamment en raison de son caractère répétitif, au sens de l’article 12, paragraphe 5, du RGPD',
      'request.refusalDetails': 'Vous nous avez adressé la même demande trois fois ce mois-ci.',
      'request.outcome': '- copie de vos données (annexe 1)',
      'purpose.name': '',
      'consent.lastDecidedOn': '',
      'notice.version': '',
      'form.reference': '',
      today: '8 avril 2026',
      'operator.name': 'Marie Martin',
    });
  });

  it('leaves absent optional values empty and names a subject known by one name only', () => {
    const base = input('en');
    const fields = buildLetterFields({
      ...base,
      subject: { firstName: '', lastName: 'Dupont', email: '', postalAddress: '' },
      request: { reference: 'R', receivedOn: '2026-04-07', rights: ['access', 'access'] },
    });
    expect(fields['subject.fullName']).toBe('Dupont');
    expect(fields['request.rights']).toBe('the right of access (Article 15 GDPR)');
    expect(fields['request.dueOn']).toBe('');
    expect(fields['request.refusalReason']).toBe('');
    expect(fields['request.outcome']).toBe('');
  });

  it('lists rights in words with their article', () => {
    expect(humanList(['a', 'b', 'c'], 'fr')).toBe('a, b et c');
    expect(humanList(['a', 'b', 'c'], 'en')).toBe('a, b and c');
    expect(humanList(['a'], 'en')).toBe('a');
    expect(humanList([], 'en')).toBe('');
    expect(rightLabel('consent_withdrawal', 'fr')).toBe(
      'le retrait de votre consentement (article 7, paragraphe 3, du RGPD)',
    );
    expect(rightLabel('automated_decision', 'en')).toContain('(Article 22 GDPR)');
    const articles = {
      access: 15,
      rectification: 16,
      erasure: 17,
      restriction: 18,
      portability: 20,
      objection: 21,
    };
    for (const [right, article] of Object.entries(articles)) {
      expect(rightLabel(right as (typeof REQUEST_RIGHTS)[number], 'fr')).toContain(
        `(article ${article} du RGPD)`,
      );
      expect(rightLabel(right as (typeof REQUEST_RIGHTS)[number], 'en')).toContain(
        `(Article ${article} GDPR)`,
      );
    }
    for (const right of REQUEST_RIGHTS) expect(rightLabel(right, 'fr')).not.toBe(right);
  });
});

describe('placeholder list for the template editor', () => {
  it('has unique names and a description in both languages', () => {
    const names = PLACEHOLDERS.map((placeholder) => placeholder.name);
    expect(new Set(names).size).toBe(names.length);
    for (const placeholder of PLACEHOLDERS) {
      expect(placeholder.description.fr.length).toBeGreaterThan(5);
      expect(placeholder.description.en.length).toBeGreaterThan(5);
    }
    expect(Object.keys(buildLetterFields(input('fr'))).sort()).toEqual([...names].sort());
  });
});
