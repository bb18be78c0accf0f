/**
 * Simulated devices edit shared records, append to a ledger and delete while receiving each other's
 * changes with delays; then every device receives every op in its own random order, with duplicates.
 * All must end in the same state, and that state must be the one a naive reference computes from the
 * whole set of ops (so no op was lost or applied wrongly).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHlc, nextHlc, receiveHlc, decodeHlc, type Hlc } from '../../../../shared/sync/hlc';
import {
  applyOps,
  mergeBatch,
  stateKey,
  stateToOps,
  type RecordState,
  type SyncOp,
} from '../../../../shared/sync/merge';

type Device = { id: string; clock: Hlc | null; store: Map<string, RecordState>; inbox: SyncOp[] };

const FIELDS = ['name', 'email', 'phone'] as const;

const stepArb = fc.record({
  device: fc.nat(4),
  action: fc.constantFrom('create', 'update', 'update', 'append', 'delete', 'receive', 'receive'),
  target: fc.nat(5),
  field: fc.constantFrom(...FIELDS),
  value: fc.string({ maxLength: 2 }),
  // A coarse wall clock that can go backwards: stamps of different devices often tie on wall and
  // counter, so the device-id tie-break is exercised.
  wall: fc.integer({ min: 0, max: 4 }),
});

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

/** A small deterministic PRNG, so fast-check can shrink failures through the seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function simulate(deviceCount: number, steps: Step[]): { devices: Device[]; all: SyncOp[] } {
  const devices: Device[] = Array.from({ length: deviceCount }, (_, index) => ({
    id: `d${index}`,
    clock: null,
    store: new Map(),
    inbox: [],
  }));
  const all: SyncOp[] = [];
  let appendCount = 0;
  for (const step of steps) {
    const device = devices[step.device % deviceCount] as Device;
    const now = 1_000 + step.wall;
    if (step.action === 'receive') {
      if (device.inbox.length === 0) continue;
      const [op] = device.inbox.splice(step.target % device.inbox.length, 1) as [SyncOp];
      applyOps(device.store, [op]);
      device.clock = receiveHlc(device.clock, decodeHlc(op.hlc), now, device.id).stamp;
      continue;
    }
    device.clock = nextHlc(device.clock, now, device.id);
    const hlc = encodeHlc(device.clock);
    const subject = `s${step.target % 4}`;
    let op: SyncOp;
    if (step.action === 'create') {
      op = {
        hlc,
        deviceId: device.id,
        entity: 'subject',
        entityId: subject,
        op: 'create',
        fields: { name: step.value, email: `${step.value}@x`, phone: null },
      };
    } else if (step.action === 'update') {
      op = {
        hlc,
        deviceId: device.id,
        entity: 'subject',
        entityId: subject,
        op: 'update',
        fields: { [step.field]: step.value },
      };
    } else if (step.action === 'delete') {
      op = {
        hlc,
        deviceId: device.id,
        entity: 'subject',
        entityId: subject,
        op: 'delete',
        fields: { erasedBy: device.id },
      };
    } else {
      appendCount += 1;
      op = {
        hlc,
        deviceId: device.id,
        entity: 'consentEvent',
        entityId: `e${appendCount}`,
        op: 'create',
        fields: { subjectId: subject, decision: step.value },
      };
    }
    all.push(op);
    applyOps(device.store, [op]);
    for (const other of devices) if (other !== device) other.inbox.push(op);
  }
  return { devices, all };
}

/** The state the rules describe, computed naively from the whole set at once. */
function reference(all: SyncOp[]): Map<string, RecordState> {
  const result = new Map<string, RecordState>();
  const byKey = new Map<string, SyncOp[]>();
  for (const op of all) {
    const key = stateKey(op.entity, op.entityId);
    byKey.set(key, [...(byKey.get(key) ?? []), op]);
  }
  for (const [key, ops] of byKey) {
    const deletes = ops.filter((op) => op.op === 'delete').sort((a, b) => (a.hlc < b.hlc ? 1 : -1));
    const latestDelete = deletes[0];
    if (latestDelete) {
      result.set(key, {
        record: latestDelete.fields,
        clocks: Object.fromEntries(Object.keys(latestDelete.fields).map((f) => [f, latestDelete.hlc])),
        deleted: latestDelete.hlc,
      });
      continue;
    }
    if (ops[0]?.entity === 'consentEvent') {
      const first = [...ops].sort((a, b) => (a.hlc < b.hlc ? -1 : 1))[0] as SyncOp;
      result.set(key, {
        record: first.fields,
        clocks: Object.fromEntries(Object.keys(first.fields).map((f) => [f, first.hlc])),
      });
      continue;
    }
    const record: Record<string, unknown> = {};
    const clocks: Record<string, string> = {};
    for (const op of [...ops].sort((a, b) => (a.hlc < b.hlc ? -1 : 1))) {
      for (const [field, value] of Object.entries(op.fields)) {
        record[field] = value;
        clocks[field] = op.hlc;
      }
    }
    result.set(key, { record, clocks });
  }
  return result;
}

function sorted(store: Map<string, RecordState>): [string, RecordState][] {
  return [...store.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}

describe('merge: convergence of simulated devices', () => {
  it('any delivery order, with duplicates and delays, gives one state on every device, losing no op', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 5 }),
        fc.array(stepArb, { minLength: 1, maxLength: 80 }),
        fc.integer(),
        (deviceCount, steps, seed) => {
          const { devices, all } = simulate(deviceCount, steps);
          const random = prng(seed);
          const expected = sorted(reference(all));
          for (const [index, device] of devices.entries()) {
            // Everything once more, plus duplicates, shuffled: what a late, repetitive sync delivers.
            const delivery = [...all, ...all.filter(() => random() < 0.3)];
            for (let i = delivery.length - 1; i > 0; i -= 1) {
              const j = Math.floor(random() * (i + 1));
              [delivery[i], delivery[j]] = [delivery[j] as SyncOp, delivery[i] as SyncOp];
            }
            if (index % 2 === 0) {
              // The Dexie path: batches merged against states read before the batch, then stored.
              while (delivery.length > 0) {
                const batch = delivery.splice(0, 1 + Math.floor(random() * 7));
                for (const { entity, entityId, state } of mergeBatch(device.store, batch).values()) {
                  device.store.set(stateKey(entity, entityId), state);
                }
              }
            } else {
              applyOps(device.store, delivery);
            }
            expect(sorted(device.store)).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a snapshot of the state (stateToOps) rebuilds it exactly, and merges into a newer store as a no-op', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 60 }), (steps) => {
        const { all } = simulate(3, steps);
        const full = new Map<string, RecordState>();
        applyOps(full, all);
        const snapshot = [...full.entries()].flatMap(([key, state]) => {
          const [entity, entityId] = key.split('/') as [string, string];
          return stateToOps(entity, entityId, state);
        });
        const rebuilt = new Map<string, RecordState>();
        applyOps(rebuilt, snapshot);
        expect(sorted(rebuilt)).toEqual(sorted(full));
        expect(applyOps(full, snapshot)).toBe(0);
        // Half the ops, then the snapshot, then the rest: same state (a device joining late).
        const late = new Map<string, RecordState>();
        applyOps(late, all.slice(0, Math.floor(all.length / 2)));
        applyOps(late, snapshot);
        applyOps(late, all);
        expect(sorted(late)).toEqual(sorted(full));
      }),
      { numRuns: 150 },
    );
  });
});
