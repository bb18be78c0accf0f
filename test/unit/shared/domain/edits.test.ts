import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editedFields, planEdit, sameValue } from '../../../../shared/domain/edits';

const opened = { firstName: 'Héloïse', email: 'h@exemple.fr', phone: '01 02 03 04 05', tags: ['a'] };

describe('edit forms write only what the user changed', () => {
  it('leaves out untouched fields, even when they changed elsewhere since the form opened', () => {
    const current = { ...opened, phone: '06 12 34 56 78' }; // another device changed the phone
    const edited = { ...opened, email: 'heloise@exemple.fr' }; // the user changed the e-mail only
    expect(planEdit(opened, current, edited)).toEqual({
      patch: { email: 'heloise@exemple.fr' },
      conflicts: [],
    });
  });

  it('reports a field changed both here and elsewhere, and writes it only once the user chose', () => {
    const current = { ...opened, email: 'autre@exemple.fr' };
    const edited = { ...opened, email: 'heloise@exemple.fr', firstName: 'Héloïse-Marie' };
    expect(planEdit(opened, current, edited)).toEqual({
      patch: { firstName: 'Héloïse-Marie' },
      conflicts: [
        { field: 'email', opened: 'h@exemple.fr', theirs: 'autre@exemple.fr', mine: 'heloise@exemple.fr' },
      ],
    });
    expect(planEdit(opened, current, edited, { email: 'mine' }).patch).toEqual({
      firstName: 'Héloïse-Marie',
      email: 'heloise@exemple.fr',
    });
    expect(planEdit(opened, current, edited, { email: 'theirs' })).toEqual({
      patch: { firstName: 'Héloïse-Marie' },
      conflicts: [],
    });
  });

  it('is no conflict when both sides made the same change', () => {
    const current = { ...opened, email: 'same@exemple.fr' };
    const edited = { ...opened, email: 'same@exemple.fr' };
    expect(planEdit(opened, current, edited)).toEqual({ patch: { email: 'same@exemple.fr' }, conflicts: [] });
  });

  it('compares objects whatever the order of their keys', () => {
    expect(sameValue({ fr: 'a', en: 'b' }, { en: 'b', fr: 'a' })).toBe(true);
    expect(editedFields({ name: { fr: 'a', en: 'b' } }, { name: { en: 'b', fr: 'a' } })).toEqual([]);
  });

  it('never writes a field the user left untouched, nor overwrites an unseen change without a choice', () => {
    const value = fc.oneof(
      fc.constantFrom('', 'a', 'b', 'c'),
      fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 }),
    );
    const record = fc.dictionary(fc.constantFrom('f1', 'f2', 'f3', 'f4'), value);
    fc.assert(
      fc.property(record, record, record, (base, current, edits) => {
        const edited = { ...base, ...edits };
        const { patch, conflicts } = planEdit(base, current, edited);
        for (const field of Object.keys(patch)) {
          // Written: the user changed it…
          expect(sameValue(base[field], edited[field])).toBe(false);
          // …and nobody else did, or they made the same change.
          expect(sameValue(base[field], current[field]) || sameValue(current[field], edited[field])).toBe(
            true,
          );
        }
        for (const conflict of conflicts) expect(patch).not.toHaveProperty(conflict.field);
        // Applying the patch keeps every change made elsewhere to fields the user did not touch.
        const after = { ...current, ...patch };
        for (const field of Object.keys(current))
          if (sameValue(base[field], edited[field])) expect(after[field]).toEqual(current[field]);
      }),
    );
  });
});
