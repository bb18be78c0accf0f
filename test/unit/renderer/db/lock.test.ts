/**
 * A staff member's lock code goes through the one write path and syncs: another device receives
 * the hash and checks the code against it; the audit log and the oplog name the field and never
 * hold the code. The organisation's idle delay travels the same way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hashSecret, verifySecret, type LockSecret } from '../../../../shared/lock/secret';
import type { SyncOp } from '../../../../shared/sync/merge';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { applyRemoteOps } from '../../../../renderer/src/db/sync';
import { deviceIdOf, updateRecord, write } from '../../../../renderer/src/db/write';
import { allEntries } from '../../../../renderer/src/db/audit-store';
import { pushTo, testDevices } from './sync-devices';

const clock = Date.UTC(2026, 2, 20, 12, 0, 0);
const devices = testDevices();
const device = () => devices.device();
const folder: SyncOp[] = [];
const push = (db: DeskDb) => pushTo(folder, db);

async function pull(db: DeskDb): Promise<void> {
  await applyRemoteOps(db, [...folder], {
    deviceId: await deviceIdOf(db),
    cursor: { folder: [[1, Math.max(1, folder.length)]] },
    now: () => clock,
  });
}

afterEach(async () => {
  await devices.closeAll();
  folder.splice(0);
});

describe('app lock records', () => {
  it('a code set on one device unlocks on another; audit and oplog never hold it', async () => {
    const counter = await device();
    const office = await device();
    const { staffId, organisationId } = await write(
      counter,
      { operatorId: null, now: () => clock },
      async (w) => {
        const organisation = await w.create('organisation', {
          legalName: 'Boulangerie Héloïse',
          address: '1 rue des Lilas, Metz',
          contactEmail: 'contact@exemple.fr',
          country: 'FR',
        });
        const staff = await w.create('staff', { name: 'Claire Martin', role: 'owner' });
        return { staffId: staff.id, organisationId: organisation.id };
      },
    );
    const ctx = { operatorId: staffId, now: () => clock };
    const lock = await hashSecret('pin', '4821', 100_000);
    await updateRecord(counter, ctx, 'staff', staffId, { lock }, 'staff.lockSet');
    await updateRecord(
      counter,
      ctx,
      'organisation',
      organisationId,
      { lockAfterMinutes: 5 },
      'organisation.lockDelay',
    );

    const audit = await allEntries(counter);
    expect(audit.filter((entry) => entry.action === 'staff.lockSet').map((entry) => entry.fields)).toEqual([
      ['lock'],
    ]);
    expect(audit.find((entry) => entry.action === 'organisation.lockDelay')?.fields).toEqual([
      'lockAfterMinutes',
    ]);
    expect(JSON.stringify(audit)).not.toContain(lock.hash);
    expect(JSON.stringify(await counter.oplog.toArray())).not.toContain('4821');

    await push(counter);
    await pull(office);
    const received = await office.staff.get(staffId);
    expect(received?.lock).toEqual(lock);
    expect(await verifySecret(received?.lock as LockSecret, '4821')).toBe(true);
    expect((await office.organisation.get(organisationId))?.lockAfterMinutes).toBe(5);

    // Removed on the other device: gone everywhere.
    await updateRecord(
      office,
      { ...ctx, now: () => clock + 60_000 },
      'staff',
      staffId,
      { lock: null },
      'staff.lockRemove',
    );
    await push(office);
    await pull(counter);
    expect((await counter.staff.get(staffId))?.lock).toBeNull();
  });

  it('renaming a member who never had a code does not touch the lock field', async () => {
    const db = await device();
    const staff = await write(db, { operatorId: null, now: () => clock }, (w) =>
      w.create('staff', { name: 'Bruno' }),
    );
    await updateRecord(db, { operatorId: staff.id, now: () => clock }, 'staff', staff.id, {
      name: 'Bruno Petit',
    });
    const last = (await allEntries(db)).at(-1);
    expect(last?.fields).toEqual(['name']);
    expect(await db.staff.get(staff.id)).not.toHaveProperty('lock');
  });
});
