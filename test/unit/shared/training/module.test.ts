import { describe, expect, it } from 'vitest';
import { EXPLAIN_TOPICS } from '../../../../shared/explain/texts';
import { TRAINING_SCREENS } from '../../../../shared/training/module';

describe('training module', () => {
  it('has about ten screens, each with an example, a rule from the explanations and one or two questions, in both languages', () => {
    expect(TRAINING_SCREENS.length).toBeGreaterThanOrEqual(8);
    expect(TRAINING_SCREENS.length).toBeLessThanOrEqual(12);
    expect(new Set(TRAINING_SCREENS.map((screen) => screen.id)).size).toBe(TRAINING_SCREENS.length);
    for (const screen of TRAINING_SCREENS) {
      for (const lang of ['fr', 'en'] as const) {
        expect(screen.title[lang].trim(), screen.id).not.toBe('');
        expect(screen.example[lang].trim(), screen.id).not.toBe('');
      }
      expect(screen.topics.length, screen.id).toBeGreaterThan(0);
      for (const topic of screen.topics) expect(EXPLAIN_TOPICS).toContain(topic);
      expect(screen.questions.length).toBeGreaterThanOrEqual(1);
      expect(screen.questions.length).toBeLessThanOrEqual(2);
      for (const question of screen.questions) {
        expect(question.options.length).toBeGreaterThanOrEqual(2);
        expect(question.answer).toBeGreaterThanOrEqual(0);
        expect(question.answer).toBeLessThan(question.options.length);
        for (const option of question.options) {
          expect(option.fr.trim()).not.toBe('');
          expect(option.en.trim()).not.toBe('');
        }
      }
    }
  });

  it('covers what a clerk meets: requests, deadlines, identity, consent, withdrawal, breaches and the 72 hours, minimisation', () => {
    const topics = new Set(TRAINING_SCREENS.flatMap((screen) => screen.topics));
    for (const topic of [
      'deadline',
      'identity_check',
      'consent_proof',
      'legitimate_interest',
      'breach_notification',
      'minimisation',
    ])
      expect(topics).toContain(topic);
    expect(TRAINING_SCREENS.some((screen) => screen.example.fr.includes('72 heures'))).toBe(true);
  });
});
