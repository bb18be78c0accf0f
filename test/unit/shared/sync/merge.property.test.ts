/**
 * Simulated devices edit shared records, append to a ledger and delete while receiving each other's
 * changes with delays; then every device receives every op in its own random order, with duplicates.
 * All must end in the same state, and that state must be the one a naive reference computes from the
 * whole set of ops (so no op was lost or applied wrongly).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChainCheck } from '../../../../shared/sync/chain';
import { newWorkspaceKey, openSpaceKeys, sha256 } from '../../../../shared/sync/crypto';
import {
  newDeviceSecret,
  openDeviceKeys,
  signBytes,
  verifyBytes,
  type DeviceKeys,
} from '../../../../shared/sync/identity';
import { decodeSegment, encodeSegment, readFrame } from '../../../../shared/sync/segment';
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

  it('with signed, hash-chained segments delivered in any order and repeated, every device converges and refuses forgeries', async () => {
    const { content } = await openSpaceKeys(newWorkspaceKey());
    const keys = new Map<string, DeviceKeys>();
    const publicKeys = new Map<string, string>();
    for (let index = 0; index < 5; index += 1) {
      const secret = await newDeviceSecret();
      keys.set(`d${index}`, await openDeviceKeys(secret));
      publicKeys.set(`d${index}`, secret.signPublic);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 5 }),
        fc.array(stepArb, { minLength: 1, maxLength: 50 }),
        fc.integer(),
        async (deviceCount, steps, seed) => {
          const { devices, all } = simulate(deviceCount, steps);
          const random = prng(seed);
          // Each device's ops, in its own order, cut into segments that name the previous one.
          const files: Uint8Array[] = [];
          for (const device of devices) {
            const own = all.filter((op) => op.deviceId === device.id);
            const signer = keys.get(device.id)!;
            let prev: string | null = null;
            for (let from = 1; from <= own.length;) {
              const to = Math.min(own.length, from + Math.floor(random() * 4));
              const bytes: Uint8Array = await encodeSegment(
                content,
                {
                  spaceId: 'space',
                  deviceId: device.id,
                  installNonce: 'n',
                  epoch: '1-d0',
                  keyId: signer.keyId,
                  from,
                  to,
                  prev,
                },
                own.slice(from - 1, to),
                (data) => signBytes(signer, data),
              );
              files.push(bytes);
              prev = await sha256(bytes);
              from = to + 1;
            }
            // A member forging this device's next number with its own key.
            if (own.length > 0 && random() < 0.5) {
              const forger = keys.get(devices[(devices.indexOf(device) + 1) % devices.length]!.id)!;
              const fake = { ...own[0]!, entityId: 'forged', fields: { name: 'forged' } };
              files.push(
                await encodeSegment(
                  content,
                  {
                    spaceId: 'space',
                    deviceId: device.id,
                    installNonce: 'n',
                    epoch: '1-d0',
                    keyId: signer.keyId,
                    from: own.length + 1,
                    to: own.length + 1,
                    prev,
                  },
                  [fake],
                  (data) => signBytes(forger, data),
                ),
              );
            }
          }
          const expected = sorted(reference(all));
          for (const _receiver of devices) {
            const delivery = [...files, ...files.filter(() => random() < 0.3)];
            for (let i = delivery.length - 1; i > 0; i -= 1) {
              const j = Math.floor(random() * (i + 1));
              [delivery[i], delivery[j]] = [delivery[j]!, delivery[i]!];
            }
            const chain = new ChainCheck();
            const store = new Map<string, RecordState>();
            for (const bytes of delivery) {
              const frame = readFrame(bytes);
              if (frame.header.kind !== 'segment') throw new Error('not a segment');
              const { deviceId, from, to, prev } = frame.header;
              const signedBy = publicKeys.get(deviceId)!;
              if (!(await verifyBytes(signedBy, frame.signed, frame.signature))) continue; // refused
              const { ops } = await decodeSegment(content, frame);
              const verdict = chain.link(deviceId, from, to, prev, await sha256(bytes));
              expect(verdict).not.toBe('broken');
              if (verdict === 'ok') applyOps(store, ops);
            }
            expect(sorted(store)).toEqual(expected);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
