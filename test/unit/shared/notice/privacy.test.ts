import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SYSTEMS } from '../../../../shared/domain/organisation';
import {
  buildPrivacyNotice,
  noticeSourceHash,
  privacyNoticeHtml,
  privacyNoticeText,
  type PrivacyNoticeFacts,
} from '../../../../shared/notice/privacy';
import { privacyNoticePdf } from '../../../../shared/pdf/privacy-notice';
import { registerEntryInputSchema } from '../../../../shared/registers/model';
import { entryFromTemplate, REGISTER_TEMPLATES } from '../../../../shared/registers/templates';
import { skipWithoutPdftotext } from '../poppler';

const organisation = {
  legalName: 'Boulangerie <Héloïse> & Fils',
  address: '12 rue des Lilas, 57000 Metz',
  registrationNumber: '123 456 789',
  contactEmail: 'contact@boulangerie.fr',
  dpoEmail: '',
};

function facts(lang: 'fr' | 'en' = 'fr'): PrivacyNoticeFacts {
  const activities = REGISTER_TEMPLATES.map((template) =>
    registerEntryInputSchema.parse(
      entryFromTemplate(template, lang, {
        organisation: { ...organisation, systems: DEFAULT_SYSTEMS[lang] },
        purposes: [],
      }),
    ),
  );
  activities[0]!.transfers = [
    {
      country: 'États-Unis',
      recipient: 'Outil d’e-mailing',
      safeguard: 'standard_contractual_clauses',
      details: '',
    },
  ];
  return {
    organisation,
    activities,
    retentionRules: [
      {
        scope: 'category',
        category: 'prospect',
        purposeId: '',
        anchor: 'last_contact',
        months: 36,
        reference: 'CNIL',
      },
      {
        scope: 'purpose',
        category: '',
        purposeId: 'p-sms',
        anchor: 'last_decision',
        months: 24,
        reference: '',
      },
    ],
    purposes: [
      {
        id: 'p-news',
        name: { fr: 'Lettre d’information', en: 'Newsletter' },
        description: { fr: 'Nos nouveautés chaque mois.', en: 'Our news every month.' },
        lawfulBasis: 'consent',
      },
      {
        id: 'p-sms',
        name: { fr: 'Offres par SMS', en: 'Offers by text' },
        description: { fr: '', en: '' },
        lawfulBasis: 'consent',
      },
      {
        id: 'p-post',
        name: { fr: 'Courrier postal', en: 'Postal mail' },
        description: { fr: '', en: '' },
        lawfulBasis: 'legitimate_interest',
      },
    ],
    registerUpdatedOn: '2026-11-30',
  };
}

describe('privacy notice written from the registers (Art. 13)', () => {
  it('names every activity, purpose and retention period, the rights and the CNIL, in French and English', () => {
    for (const lang of ['fr', 'en'] as const) {
      const input = facts(lang);
      const notice = buildPrivacyNotice(input, lang, '2026-12-05');
      const text = privacyNoticeText(notice);
      for (const activity of input.activities) {
        expect(text).toContain(activity.name);
        expect(text).toContain(activity.purposes.trim());
        if (activity.retention.trim()) expect(text).toContain(activity.retention.trim());
      }
      for (const purpose of input.purposes) expect(text).toContain(purpose.name[lang]);
      expect(text).toContain(
        lang === 'fr' ? '36 mois après le dernier contact' : '36 months after the last contact',
      );
      expect(text).toContain(lang === 'fr' ? 'Offres par SMS : 24 mois' : 'Offers by text: 24 months');
      expect(text).toContain('CNIL');
      expect(text).toContain(lang === 'fr' ? 'Article 15'.toLowerCase() : 'Article 15');
      expect(text).toContain(lang === 'fr' ? 'vous pouvez vous y opposer' : 'you may object');
      expect(text).toContain(lang === 'fr' ? 'clauses contractuelles types' : 'standard contractual clauses');
      expect(notice.source).toContain(lang === 'fr' ? '30 novembre 2026' : '30 November 2026');
      expect(text).not.toMatch(
        /\{\{|legitimate_interest|last_contact|standard_contractual_clauses|undefined/,
      );
    }
  });

  it('HTML is self-contained: escaped, no script, no external resource', () => {
    const html = privacyNoticeHtml(buildPrivacyNotice(facts(), 'fr', '2026-12-05'));
    expect(html).toContain('Boulangerie &lt;Héloïse&gt; &amp; Fils');
    expect(html).not.toContain('<Héloïse>');
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|url\(|@import|https?:\/\//i);
    expect(html).toContain('<html lang="fr">');
    for (const activity of facts().activities)
      expect(html).toContain(`<h3>${activity.name.replace(/&/g, '&amp;')}</h3>`);
  });

  it('is out of date when a fact it uses changes, and only then', () => {
    const base = facts();
    const hash = noticeSourceHash(base);
    expect(noticeSourceHash(facts())).toBe(hash);
    const reordered = { ...base, organisation: { ...base.organisation } };
    expect(noticeSourceHash(reordered)).toBe(hash);
    const changed = facts();
    changed.activities[1]!.retention = 'Cinq ans.';
    expect(noticeSourceHash(changed)).not.toBe(hash);
    const rule = facts();
    rule.retentionRules[0]!.months = 24;
    expect(noticeSourceHash(rule)).not.toBe(hash);
  });

  it('PDF reads back with every activity and purpose (pdftotext, when installed)', (context) => {
    skipWithoutPdftotext(context, 'PDF check');
    const input = facts();
    const dir = mkdtempSync(join(tmpdir(), 'privacy-notice-'));
    try {
      const file = join(dir, 'notice.pdf');
      writeFileSync(file, privacyNoticePdf(buildPrivacyNotice(input, 'fr', '2026-12-05')));
      const result = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      const out = result.stdout.replace(/\s+/g, ' ');
      for (const activity of input.activities) expect(out).toContain(activity.name);
      for (const purpose of input.purposes) expect(out).toContain(purpose.name.fr);
      expect(out).toContain('36 mois après le dernier contact');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
