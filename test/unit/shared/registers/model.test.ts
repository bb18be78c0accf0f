import { describe, expect, it } from 'vitest';
import { DEFAULT_SYSTEMS } from '../../../../shared/domain/organisation';
import { entryHistory } from '../../../../shared/registers/history';
import {
  hasSpecialCategories,
  LAWFUL_BASES,
  REGISTER_FIELDS,
  registerEntryInputSchema,
  TRANSFER_SAFEGUARDS,
  type RegisterEntryInput,
} from '../../../../shared/registers/model';
import { BREACH_NATURES, NOTIFICATION_DECISIONS } from '../../../../shared/breaches/model';
import {
  blankEntry,
  entryFromTemplate,
  REGISTER_TEMPLATES,
  type TemplateContext,
} from '../../../../shared/registers/templates';
import { inputProblems, RV } from '../../../../shared/registers/validation';
import { registersEn, registersFr } from '../../../../renderer/src/i18n/areas/registers';

const context: TemplateContext = {
  organisation: {
    legalName: 'Boulangerie Héloïse SARL',
    address: '12 rue des Lilas\n57000 Metz',
    contactEmail: 'contact@boulangerie.fr',
    dpoEmail: '',
    systems: [...DEFAULT_SYSTEMS.fr.slice(0, 3), 'Logiciel de paie'],
  },
  purposes: [
    { id: 'p-email', channel: 'email', active: true },
    { id: 'p-sms', channel: 'sms', active: false },
    { id: 'p-profile', channel: 'profiling', active: true },
  ],
};

function lookup(messages: unknown, key: string): unknown {
  return key
    .replace(/^registers\./, '')
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
}

describe('register entry input', () => {
  const valid: RegisterEntryInput = {
    name: 'Gestion de la clientèle',
    controller: { name: 'Boulangerie' },
    purposes: 'Commandes et factures',
    lawfulBases: ['contract'],
  };

  it('refuses an entry without purpose or lawful basis, with their own messages', () => {
    expect(inputProblems(registerEntryInputSchema, { ...valid, purposes: '  ', lawfulBases: [] })).toEqual({
      purposes: RV.purposeRequired,
      lawfulBases: RV.lawfulBasisRequired,
    });
    expect(inputProblems(registerEntryInputSchema, { name: 'X', controller: { name: 'B' } })).toEqual({
      purposes: RV.purposeRequired,
      lawfulBases: RV.lawfulBasisRequired,
    });
    expect(inputProblems(registerEntryInputSchema, valid)).toBeNull();
  });

  it('a transfer outside the EU names its country and a known safeguard', () => {
    expect(
      inputProblems(registerEntryInputSchema, {
        ...valid,
        transfers: [{ country: '', safeguard: 'standard_contractual_clauses' }],
      }),
    ).toEqual({ 'transfers.0.country': RV.countryRequired });
    expect(
      inputProblems(registerEntryInputSchema, {
        ...valid,
        transfers: [{ country: 'États-Unis', safeguard: 'handshake' }],
      }),
    ).toEqual({ 'transfers.0.safeguard': 'validation.invalid' });
  });

  it('every validation message of the area exists in French and English', () => {
    for (const key of Object.values(RV)) {
      expect(lookup(registersFr, key), key).toBeTypeOf('string');
      expect(lookup(registersEn, key), key).toBeTypeOf('string');
    }
  });
});

describe('ready-made entries', () => {
  it('are the six a small business recognises, each valid in French and in English', () => {
    expect(REGISTER_TEMPLATES.map((template) => template.id)).toEqual([
      'customers',
      'prospecting',
      'staff',
      'video',
      'website',
      'suppliers',
    ]);
    for (const template of REGISTER_TEMPLATES) {
      for (const language of ['fr', 'en'] as const) {
        const entry = registerEntryInputSchema.parse(entryFromTemplate(template, language, context));
        expect(entry.name).toBe(template.text[language].name);
        // Every Art. 30(1) field is filled in (transfers: none by default).
        for (const field of [
          'purposes',
          'lawfulBasisDetails',
          'subjectCategories',
          'dataCategories',
          'recipients',
          'retention',
          'security',
          'sources',
        ] as const) {
          expect(entry[field].length, `${template.id}.${language}.${field}`).toBeGreaterThan(0);
        }
        expect(entry.controller.name).toBe('Boulangerie Héloïse SARL');
        expect(entry.controller.contact).toContain('contact@boulangerie.fr');
        expect(entry.templateId).toBe(template.id);
        // Special categories come with the condition that allows them.
        expect(entry.specialCategoriesCondition !== '').toBe(hasSpecialCategories(entry));
      }
      // The same entry in both languages: same structure.
      expect(template.text.fr.dataCategories.map((c) => c.special)).toEqual(
        template.text.en.dataCategories.map((c) => c.special),
      );
    }
  });

  it('flags health data of staff as a special category', () => {
    const staff = REGISTER_TEMPLATES.find((template) => template.id === 'staff');
    const entry = registerEntryInputSchema.parse(entryFromTemplate(staff!, 'fr', context));
    expect(entry.dataCategories.filter((c) => c.special).map((c) => c.name)).toEqual([
      'Arrêts de travail et aptitude médicale (données de santé)',
    ]);
    expect(entry.lawfulBases).toEqual(['contract', 'legal_obligation']);
  });

  it('keeps only the systems the organisation has, and links the active consent purposes of its channels', () => {
    const customers = entryFromTemplate(REGISTER_TEMPLATES[0]!, 'en', context);
    // Till and spreadsheet are in the (French) list; mailbox and paper files are not.
    expect(customers.systems).toEqual(['Logiciel de caisse', 'Fichier clients (tableur)']);
    expect(customers.consentPurposeIds).toEqual(['p-profile']);
    const prospecting = entryFromTemplate(REGISTER_TEMPLATES[1]!, 'fr', context);
    expect(prospecting.consentPurposeIds).toEqual(['p-email']);
    expect(prospecting.lawfulBases).toContain('consent');
  });

  it('a blank entry has only the controller and is refused until purpose and basis are given', () => {
    const blank = blankEntry(context);
    expect(blank.controller?.name).toBe('Boulangerie Héloïse SARL');
    expect(inputProblems(registerEntryInputSchema, { ...blank, name: 'Fichier des bénévoles' })).toEqual({
      purposes: RV.purposeRequired,
      lawfulBases: RV.lawfulBasisRequired,
    });
  });

  it('use only lawful bases of Art. 6(1)', () => {
    for (const template of REGISTER_TEMPLATES)
      for (const basis of template.lawfulBases) expect(LAWFUL_BASES).toContain(basis);
  });
});

describe('entry history', () => {
  const v1 = registerEntryInputSchema.parse({
    name: 'Clients',
    controller: { name: 'B' },
    purposes: 'Commandes',
    lawfulBases: ['contract'],
  });
  const v2 = { ...v1, purposes: 'Commandes et livraisons', recipients: ['Transporteur'] };
  const v3 = { ...v2, active: false };
  const version = (id: string, hlc: string, snapshot: typeof v1, by: string) => ({
    id,
    hlc,
    change: (id === 'a' ? 'create' : 'update') as 'create' | 'update',
    createdAt: `2026-03-2${id === 'a' ? 0 : id === 'b' ? 1 : 2}T10:00:00.000Z`,
    createdBy: by,
    snapshot,
  });

  it('shows each version newest first, with who, when and each field before and after', () => {
    const history = entryHistory([
      version('c', '0003', v3, 'bob'),
      version('a', '0001', v1, 'claire'),
      version('b', '0002', v2, 'claire'),
    ]);
    expect(history.map((item) => [item.number, item.by, item.change])).toEqual([
      [3, 'bob', 'update'],
      [2, 'claire', 'update'],
      [1, 'claire', 'create'],
    ]);
    expect(history[0]?.changes).toEqual([{ field: 'active', before: true, after: false }]);
    expect(history[1]?.changes).toEqual([
      { field: 'purposes', before: 'Commandes', after: 'Commandes et livraisons' },
      { field: 'recipients', before: [], after: ['Transporteur'] },
    ]);
    // The creation lists what was filled in, in the record's order.
    expect(history[2]?.changes.map((change) => change.field)).toEqual(
      REGISTER_FIELDS.filter((field) =>
        ['name', 'controller', 'purposes', 'lawfulBases', 'active'].includes(field),
      ),
    );
  });
});

describe('labels', () => {
  it('every field, basis, safeguard, breach nature and decision has its label in both languages', () => {
    const keys = [
      ...[...REGISTER_FIELDS, 'specialCategories', 'createdAt', 'updatedAt'].map(
        (f) => `registers.fields.${f}`,
      ),
      ...LAWFUL_BASES.map((basis) => `registers.bases.${basis}`),
      ...TRANSFER_SAFEGUARDS.map((safeguard) => `registers.safeguards.${safeguard}`),
      ...BREACH_NATURES.map((nature) => `registers.breaches.natures.${nature}`),
      ...NOTIFICATION_DECISIONS.flatMap((decision) => [
        `registers.breaches.authorityDecisions.${decision}`,
        `registers.breaches.peopleDecisions.${decision}`,
      ]),
    ];
    for (const key of keys) {
      expect(lookup(registersFr, key), key).toBeTypeOf('string');
      expect(lookup(registersEn, key), key).toBeTypeOf('string');
    }
  });
});
