import { describe, expect, it } from 'vitest';
import { defaultNotice } from '../../../../shared/consent/defaults';
import { noticeTellsWithdrawal } from '../../../../shared/consent/paper-form';

describe('noticeTellsWithdrawal', () => {
  it('finds the withdrawal sentence of the ready-made notices, in both languages', () => {
    for (const language of ['fr', 'en'] as const) {
      expect(noticeTellsWithdrawal(defaultNotice(language, 'Atelier', 'a@b.fr', '2026-01-01').text)).toBe(
        true,
      );
    }
    expect(noticeTellsWithdrawal('Vous pouvez RETIRER votre consentement quand vous voulez.')).toBe(true);
  });

  it('does not find it in a notice that says nothing about withdrawing', () => {
    expect(noticeTellsWithdrawal('Nous traitons vos données pour vous envoyer nos offres.')).toBe(false);
  });
});
