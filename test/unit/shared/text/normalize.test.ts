import { describe, expect, it } from 'vitest';
import { foldText, phoneKeys, words } from '../../../../shared/text/normalize';

describe('text folding for search', () => {
  it('removes accents, case and ligatures', () => {
    expect(foldText('Héloïse')).toBe('heloise');
    expect(foldText('ŒUVRE Ærø')).toBe('oeuvre aero');
    expect(foldText('Straße')).toBe('strasse');
    expect(words("  Jean-François d'Hérouville ")).toEqual(['jean', 'francois', 'd', 'herouville']);
  });
  it('gives French numbers written two ways a common key', () => {
    expect(phoneKeys('06 12 34 56 78')).toContain('612345678');
    expect(phoneKeys('+33 6 12 34 56 78')).toContain('612345678');
    expect(phoneKeys('')).toEqual([]);
  });
});
