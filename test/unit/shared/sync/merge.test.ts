import { describe, expect, it } from 'vitest';
import { sealAuditEntry, verifyAuditChain, type AuditEntry } from '../../../../shared/audit/chain';
import { encodeHlc } from '../../../../shared/sync/hlc';
import {
  applyOps,
  mergeBatch,
  mergeOp,
  stateHlc,
  stateKey,
  stateToOps,
  syncOpSchema,
  type RecordState,
  type SyncOp,
} from '../../../../shared/sync/merge';

const hlc = (wall: number, counter: number, device: string) => encodeHlc({ wall, counter, device });

function op(
  stamp: string,
  kind: SyncOp['op'],
  fields: Record<string, unknown>,
  entity = 'subject',
  id = 's1',
): SyncOp {
  return { hlc: stamp, deviceId: stamp.split('-')[2] as string, entity, entityId: id, op: kind, fields };
}

function mergeAll(ops: SyncOp[]): RecordState | undefined {
  let state: RecordState | undefined;
  for (const item of ops) state = mergeOp(state, item);
  return (
    state && {
      record: state.record,
      clocks: state.clocks,
      ...(state.deleted ? { deleted: state.deleted } : {}),
    }
  );
}

describe('mergeOp: field-level last writer wins', () => {
  it('keeps concurrent edits of different fields of one record', () => {
    const create = op(hlc(10, 0, 'aaa'), 'create', { name: 'Ana', email: 'a@x', phone: null });
    const onA = op(hlc(20, 0, 'aaa'), 'update', { email: 'ana@x' });
    const onB = op(hlc(15, 0, 'bbb'), 'update', { phone: '0601' });
    const expected = { name: 'Ana', email: 'ana@x', phone: '0601' };
    expect(mergeAll([create, onA, onB])?.record).toEqual(expected);
    expect(mergeAll([onB, onA, create])?.record).toEqual(expected);
  });

  it('on equal wall time and counter the higher device id wins, whatever the order', () => {
    const fromA = op(hlc(50, 3, 'dev-a'), 'update', { name: 'from A' });
    const fromB = op(hlc(50, 3, 'dev-b'), 'update', { name: 'from B' });
    expect(mergeAll([fromA, fromB])?.record.name).toBe('from B');
    expect(mergeAll([fromB, fromA])?.record.name).toBe('from B');
    expect(mergeAll([fromB, fromA])?.clocks.name).toBe(fromB.hlc);
  });

  it('a later wall time beats a higher counter and a higher device id', () => {
    const early = op(hlc(50, 999, 'zzz'), 'update', { name: 'early' });
    const late = op(hlc(51, 0, 'aaa'), 'update', { name: 'late' });
    expect(mergeAll([late, early])?.record.name).toBe('late');
  });

  it('two installs sharing a device id (same stamp, different values) still converge', () => {
    const one = op(hlc(70, 0, 'clone'), 'update', { name: 'Bernard' });
    const two = op(hlc(70, 0, 'clone'), 'update', { name: 'Alice' });
    expect(mergeAll([one, two])?.record.name).toBe('Bernard');
    expect(mergeAll([two, one])?.record.name).toBe('Bernard');
  });

  it('a duplicate changes nothing and reports no change', () => {
    const create = op(hlc(10, 0, 'aaa'), 'create', { name: 'Ana', tags: ['x'] });
    const first = mergeOp(undefined, create);
    expect(first.changed).toBe(true);
    const again = mergeOp(first, { ...create, fields: { name: 'Ana', tags: ['x'] } });
    expect(again.changed).toBe(false);
    expect(again.record).toBe(first.record);
  });

  it('does not mutate the state it is given', () => {
    const state = mergeOp(undefined, op(hlc(10, 0, 'aaa'), 'create', { name: 'Ana' }));
    const frozen = structuredClone({ record: state.record, clocks: state.clocks });
    mergeOp(state, op(hlc(11, 0, 'aaa'), 'update', { name: 'Bea' }));
    expect({ record: state.record, clocks: state.clocks }).toEqual(frozen);
  });

  it('stateHlc is the latest field clock', () => {
    const state = mergeAll([
      op(hlc(10, 0, 'aaa'), 'create', { name: 'Ana', email: 'a' }),
      op(hlc(12, 0, 'bbb'), 'update', { email: 'b' }),
    ]) as RecordState;
    expect(stateHlc(state)).toBe(hlc(12, 0, 'bbb'));
  });
});

describe('mergeOp: tombstones', () => {
  const create = op(hlc(10, 0, 'aaa'), 'create', { name: 'Ana', email: 'a@x' });
  const erase = op(hlc(30, 0, 'aaa'), 'delete', { erasedFor: 'DSR-1' });
  const olderEdit = op(hlc(20, 0, 'bbb'), 'update', { email: 'late@x' });
  const newerEdit = op(hlc(40, 0, 'bbb'), 'update', { email: 'after@x' });

  it('wins over older field writes, and a late older update does not resurrect the record', () => {
    const state = mergeAll([create, erase, olderEdit]);
    expect(state).toEqual({
      record: { erasedFor: 'DSR-1' },
      clocks: { erasedFor: erase.hlc },
      deleted: erase.hlc,
    });
    expect(mergeAll([olderEdit, erase, create])).toEqual(state);
  });

  it('is final: a newer write from a device that had not seen the erasure is ignored too', () => {
    const state = mergeAll([create, erase, newerEdit]);
    expect(state?.deleted).toBe(erase.hlc);
    expect(state?.record).toEqual({ erasedFor: 'DSR-1' });
    expect(mergeAll([newerEdit, create, erase])).toEqual(state);
  });

  it('a delete arriving before the create still leaves only the tombstone', () => {
    expect(mergeAll([erase, create])?.record).toEqual({ erasedFor: 'DSR-1' });
  });

  it('of two deletes, the later one holds the tombstone, in any order', () => {
    const other = op(hlc(35, 0, 'bbb'), 'delete', { erasedFor: 'DSR-2' });
    expect(mergeAll([erase, other])?.deleted).toBe(other.hlc);
    expect(mergeAll([other, erase])?.deleted).toBe(other.hlc);
    expect(mergeOp(mergeAll([other, erase]), erase).changed).toBe(false);
  });
});

describe('mergeOp: append-only records', () => {
  const event = op(
    hlc(10, 0, 'aaa'),
    'create',
    { subjectId: 's1', decision: 'granted' },
    'consentEvent',
    'e1',
  );

  it('applies a create once and ignores its copies', () => {
    const first = mergeOp(undefined, event);
    expect(first.changed).toBe(true);
    expect(mergeOp(first, { ...event, fields: { ...event.fields } }).changed).toBe(false);
  });

  it('refuses updates, before or after the create', () => {
    const update = op(hlc(20, 0, 'bbb'), 'update', { decision: 'withdrawn' }, 'consentEvent', 'e1');
    const result = mergeOp(mergeOp(undefined, event), update);
    expect(result.changed).toBe(false);
    expect(result.refused).toBe('append_only');
    expect(result.record.decision).toBe('granted');
    expect(mergeOp(undefined, update)).toMatchObject({ changed: false, refused: 'append_only' });
  });

  it('unions ledgers of several devices', () => {
    const store = new Map<string, RecordState>();
    const events = ['aaa', 'bbb', 'ccc'].map((device, index) =>
      op(hlc(10, 0, device), 'create', { n: index }, 'consentEvent', `e-${device}`),
    );
    applyOps(store, [...events, ...events.reverse()]);
    expect([...store.keys()].sort()).toEqual([
      'consentEvent/e-aaa',
      'consentEvent/e-bbb',
      'consentEvent/e-ccc',
    ]);
  });

  it('entities are configurable, and audit entries are append-only by default', () => {
    const entry = op(hlc(10, 0, 'aaa'), 'create', { seq: 1 }, 'audit', 'a1');
    const tamper = op(hlc(11, 0, 'aaa'), 'update', { seq: 2 }, 'audit', 'a1');
    expect(mergeOp(mergeOp(undefined, entry), tamper).record).toEqual({ seq: 1 });
    const asMutable = mergeOp(mergeOp(undefined, entry), tamper, { appendOnly: new Set() });
    expect(asMutable.record).toEqual({ seq: 2 });
  });
});

describe('audit chains after a merge', () => {
  it('stay verifiable per device when entries of several devices arrive shuffled and repeated', () => {
    const chain = (device: string): AuditEntry[] => {
      const entries: AuditEntry[] = [];
      for (let i = 0; i < 5; i += 1) {
        entries.push(
          sealAuditEntry(entries[i - 1] ?? null, {
            id: `${device}-${i}`,
            deviceId: device,
            at: '2026-11-29T10:00:00.000Z',
            hlc: hlc(100 + i, 0, device),
            operatorId: null,
            action: 'subject.update',
            entity: 'subject',
            entityId: 's1',
            fields: ['email'],
          }),
        );
      }
      return entries;
    };
    const toOp = (entry: AuditEntry) => op(entry.hlc, 'create', { ...entry }, 'audit', entry.id);
    const all = [...chain('aaa'), ...chain('bbb')].map(toOp);
    const delivery = [...all, ...all.slice(2, 6)].reverse();
    const store = new Map<string, RecordState>();
    applyOps(store, delivery);
    const merged = [...store.values()].map((state) => state.record as AuditEntry);
    expect(merged).toHaveLength(10);
    expect(verifyAuditChain(merged)).toEqual({ ok: true, checked: 10, devices: 2 });
  });
});

describe('mergeBatch', () => {
  it('returns only changed records, in their final state, merging a record’s ops in sequence', () => {
    const existing = new Map<string, RecordState>([
      [stateKey('subject', 's1'), { record: { name: 'Ana' }, clocks: { name: hlc(50, 0, 'aaa') } }],
    ]);
    const changed = mergeBatch(existing, [
      op(hlc(10, 0, 'bbb'), 'update', { name: 'old' }),
      op(hlc(5, 0, 'bbb'), 'create', { name: 'Zoé' }, 'subject', 's2'),
      op(hlc(6, 0, 'bbb'), 'update', { email: 'z@x' }, 'subject', 's2'),
    ]);
    expect([...changed.keys()]).toEqual(['subject/s2']);
    expect(changed.get('subject/s2')?.state.record).toEqual({ name: 'Zoé', email: 'z@x' });
    expect(existing.get('subject/s1')?.record).toEqual({ name: 'Ana' });
  });
});

describe('stateToOps', () => {
  it('groups fields by clock and turns a tombstone into one delete', () => {
    const state: RecordState = {
      record: { name: 'Ana', email: 'a', phone: 'p' },
      clocks: { name: hlc(1, 0, 'a'), email: hlc(2, 0, 'b'), phone: hlc(1, 0, 'a') },
    };
    expect(stateToOps('subject', 's1', state).map((item) => [item.hlc, item.deviceId, item.fields])).toEqual([
      [hlc(1, 0, 'a'), 'a', { name: 'Ana', phone: 'p' }],
      [hlc(2, 0, 'b'), 'b', { email: 'a' }],
    ]);
    const gone = stateToOps('subject', 's1', { record: {}, clocks: {}, deleted: hlc(3, 0, 'c') });
    expect(gone).toEqual([
      { hlc: hlc(3, 0, 'c'), deviceId: 'c', entity: 'subject', entityId: 's1', op: 'delete', fields: {} },
    ]);
  });
});

describe('syncOpSchema', () => {
  it('accepts an op and refuses one whose stamp names another device', () => {
    const good = op(hlc(1, 0, 'dev1'), 'update', { name: 'x' });
    expect(syncOpSchema.safeParse(good).success).toBe(true);
    expect(syncOpSchema.safeParse({ ...good, deviceId: 'dev2' }).success).toBe(false);
    expect(syncOpSchema.safeParse({ ...good, hlc: 'nonsense' }).success).toBe(false);
    expect(syncOpSchema.safeParse({ ...good, op: 'drop' }).success).toBe(false);
  });
});
