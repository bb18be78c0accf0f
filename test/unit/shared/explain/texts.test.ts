import { describe, expect, it } from 'vitest';
import { EXPLAIN_TOPICS, EXPLANATIONS, explanation } from '../../../../shared/explain/texts';

describe('explanations', () => {
  it('every topic has a title, two or three sentences, a short reason and an article, in French and English', () => {
    expect(Object.keys(EXPLANATIONS).sort()).toEqual([...EXPLAIN_TOPICS].sort());
    for (const topic of EXPLAIN_TOPICS) {
      for (const language of ['fr', 'en'] as const) {
        const text = EXPLANATIONS[topic][language];
        expect(text.title.trim(), `${topic}.${language}`).not.toBe('');
        const sentences = text.text.split(/(?<=[.!?])\s+/).filter(Boolean);
        expect(sentences.length, `${topic}.${language}`).toBeGreaterThanOrEqual(2);
        expect(sentences.length, `${topic}.${language}`).toBeLessThanOrEqual(3);
        expect(text.short.trim(), `${topic}.${language}`).not.toBe('');
        expect(text.reference, `${topic}.${language}`).toMatch(
          language === 'fr' ? /^RGPD art\. \d/ : /^GDPR Art\. \d/,
        );
        // Link-free: the app never reaches the network.
        expect(`${text.text} ${text.reference}`).not.toMatch(/https?:|www\./);
      }
      expect(EXPLANATIONS[topic].fr.text).not.toBe(EXPLANATIONS[topic].en.text);
    }
  });

  it('English texts use English punctuation', () => {
    for (const topic of EXPLAIN_TOPICS) {
      const { title, text, short, reference } = EXPLANATIONS[topic].en;
      expect(`${title} ${text} ${short} ${reference}`).not.toMatch(/ [:;?!]|[«»]/);
    }
  });

  it('picks the language, French by default', () => {
    expect(explanation('deadline', 'en').reference).toBe('GDPR Art. 12(3); Regulation 1182/71');
    expect(explanation('deadline', 'de').reference).toMatch(/^RGPD/);
  });
});
