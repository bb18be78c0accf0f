import { describe, expect, it } from 'vitest';
import { ENTITY_TABLES, type EntityName } from '../../../../renderer/src/db/schema';
import { entityFieldNames } from '../../../../renderer/src/db/write';
import { en } from '../../../../renderer/src/i18n/en';
import { fr } from '../../../../renderer/src/i18n/fr';

const ENTITIES = Object.keys(ENTITY_TABLES) as EntityName[];

function label(messages: typeof fr | typeof en, entity: string, field: string): unknown {
  const labels = (messages.entityFields as Record<string, Record<string, unknown> | undefined>)[entity];
  return labels?.[field];
}

describe('entity field labels', () => {
  it('reads the fields from the zod schemas (a new field appears here without anyone listing it)', () => {
    expect(entityFieldNames('subject')).toEqual(expect.arrayContaining(['firstName', 'customerRef']));
    expect(entityFieldNames('consentEvent')).toContain('correctsEventId');
    expect(entityFieldNames('purpose')).toContain('reconsentMonths');
    expect(entityFieldNames('breach')).toContain('approxRecords');
  });

  it.each(ENTITIES)('every field of %s has a French and an English label', (entity) => {
    const fields = entityFieldNames(entity);
    expect(fields.length).toBeGreaterThan(0);
    const missing = fields.filter((field) => {
      const frLabel = label(fr, entity, field);
      const enLabel = label(en, entity, field);
      return (
        typeof frLabel !== 'string' || frLabel.trim() === '' || typeof enLabel !== 'string' || !enLabel.trim()
      );
    });
    expect(missing).toEqual([]);
  });

  it('labels are words, not the internal names', () => {
    for (const entity of ENTITIES) {
      for (const field of entityFieldNames(entity)) {
        // A camelCase name shown as is would be the code speaking; plain words like "email" are fine.
        if (!/[A-Z_]/.test(field)) continue;
        expect(label(fr, entity, field), `${entity}.${field}`).not.toBe(field);
        expect(label(en, entity, field), `${entity}.${field}`).not.toBe(field);
      }
    }
  });

  it('no label is left for a field that no longer exists', () => {
    for (const messages of [fr, en]) {
      expect(Object.keys(messages.entityFields).sort()).toEqual([...ENTITIES].sort());
      for (const entity of ENTITIES) {
        expect(Object.keys((messages.entityFields as Record<string, object>)[entity] ?? {}).sort()).toEqual(
          entityFieldNames(entity).sort(),
        );
      }
    }
  });
});
