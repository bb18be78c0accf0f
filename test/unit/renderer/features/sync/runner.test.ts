import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskApi } from '../../../../../shared/ipc/contract';
import { createSyncRunner } from '../../../../../renderer/src/features/sync/runner';
import { createRecord } from '../../../../../renderer/src/db/write';
import type { DeskDb } from '../../../../../renderer/src/db/schema';
import { rememberSpace, SYNC_META } from '../../../../../renderer/src/db/sync';
import { openTestDb } from '../../db/fixtures';
import { pushTo, testDevices } from '../../db/sync-devices';
import type { SyncOp } from '../../../../../shared/sync/merge';

type Call = { channel: string; payload: Record<string, unknown> };

/** A Node side that answers every sync call with `reply` (a failure code, or a value). */
function fakeDesk(reply: (channel: string) => { ok: true; value: unknown } | { ok: false; code: string }) {
  const calls: Call[] = [];
  const desk = {
    invoke: (channel: string, payload: Record<string, unknown>) => {
      calls.push({ channel, payload });
      const answer = reply(channel);
      return Promise.resolve(
        answer.ok
          ? answer
          : { ok: false, error: { code: answer.code, message: `sync.errors.${answer.code}` } },
      );
    },
    on: () => () => undefined,
  } as unknown as DeskApi;
  return { desk, calls };
}

let db: DeskDb;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ db, cleanup } = await openTestDb());
  for (let i = 0; i < 30; i += 1)
    await createRecord(db, { operatorId: null }, 'subject', { firstName: `P${i}`, lastName: 'Martin' });
});
afterEach(() => cleanup());

describe('sync runner', () => {
  it('on a device in no space, a pass sends none of its changes and stops quietly', async () => {
    const { desk, calls } = fakeDesk(() => ({ ok: false, code: 'not_joined' }));
    const state = await createSyncRunner(desk, db).runNow();
    expect(state.error).toBeNull();
    expect(calls.map((call) => call.channel)).toEqual(['sync:push']);
    expect(calls[0]?.payload.ops).toEqual([]);
  });

  it('a paused device sends nothing either', async () => {
    const { desk, calls } = fakeDesk(() => ({ ok: false, code: 'paused' }));
    await createSyncRunner(desk, db).runNow();
    expect(calls.every((call) => (call.payload.ops as unknown[] | undefined)?.length === 0)).toBe(true);
  });

  it('a joined device pushes its changes after the empty flush', async () => {
    const { desk, calls } = fakeDesk((channel) => {
      if (channel === 'sync:push')
        return { ok: true, value: { queued: [1, 1], sent: 0, error: null, problems: [] } };
      if (channel === 'sync:pull')
        return { ok: true, value: { pullId: null, total: 0, ops: [], cursor: {}, problems: [] } };
      return { ok: false, code: 'not_joined' };
    });
    await createSyncRunner(desk, db).runNow();
    const pushed = calls
      .filter((call) => call.channel === 'sync:push')
      .map((call) => (call.payload.ops as unknown[]).length);
    expect(pushed[0]).toBe(0);
    // 30 people and their audit entries went out.
    expect(pushed.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(30);
  });
});

describe('sync runner, passes in a row', () => {
  it('checks with an empty push again only after a pass found no space', async () => {
    let code: string | null = null;
    const { desk, calls } = fakeDesk((channel) => {
      if (code) return { ok: false, code };
      if (channel === 'sync:push')
        return { ok: true, value: { queued: [1, 1], sent: 0, error: null, problems: [] } };
      return { ok: true, value: { pullId: null, total: 0, ops: [], cursor: {}, problems: [] } };
    });
    const runner = createSyncRunner(desk, db);
    await runner.runNow();
    const firstPass = calls.length;
    await runner.runNow();
    // Joined, nothing new, nothing held back: the second pass only pulls.
    expect(calls.slice(firstPass).map((call) => call.channel)).toEqual(['sync:pull']);
    code = 'paused';
    await runner.runNow();
    code = null;
    const beforeResume = calls.length;
    await runner.runNow();
    expect(calls[beforeResume]?.payload.ops).toEqual([]);
    expect(calls.slice(beforeResume).map((call) => call.channel)).toEqual(['sync:push', 'sync:pull']);
  });

  it('after a push the folder could not take, the next pass flushes with an empty push', async () => {
    let folderMissing = true;
    const { desk, calls } = fakeDesk((channel) => {
      if (channel === 'sync:push')
        return {
          ok: true,
          value: {
            queued: [1, 1],
            sent: 0,
            error: folderMissing ? { code: 'folder_missing', message: 'sync.errors.folder_missing' } : null,
            problems: [],
          },
        };
      return { ok: true, value: { pullId: null, total: 0, ops: [], cursor: {}, problems: [] } };
    });
    const runner = createSyncRunner(desk, db);
    await runner.runNow();
    folderMissing = false;
    const before = calls.length;
    await runner.runNow();
    // (then the snapshot the first pass held back, everything being out now)
    const pushPull = (from: number) =>
      calls
        .slice(from)
        .filter((call) => call.channel === 'sync:push' || call.channel === 'sync:pull')
        .map((call) => [call.channel, (call.payload.ops as unknown[] | undefined)?.length]);
    expect(pushPull(before)).toEqual([
      ['sync:push', 0],
      ['sync:pull', undefined],
    ]);
    const after = calls.length;
    await runner.runNow();
    expect(pushPull(after)).toEqual([['sync:pull', undefined]]);
  });
});

describe('sync runner, the first snapshot', () => {
  const HOUR = 3_600_000;
  const answers = (channel: string): { ok: true; value: unknown } => {
    if (channel === 'sync:push')
      return { ok: true, value: { queued: [1, 1], sent: 0, error: null, problems: [] } };
    if (channel === 'sync:pull')
      return { ok: true, value: { pullId: null, total: 0, ops: [], cursor: {}, problems: [] } };
    if (channel === 'sync:compact') return { ok: true, value: { removed: 0, waitingFor: [] } };
    if (channel === 'sync:snapshot') return { ok: true, value: { written: true } };
    return { ok: true, value: null };
  };
  const snapshots = (calls: Call[]) =>
    calls.filter((call) => call.channel === 'sync:snapshot' && call.payload.done === true).length;

  it('a device that created a space writes one on its first pass that got everything out', async () => {
    const start = Date.parse('2026-12-06T09:00:00Z');
    let clock = start;
    await rememberSpace(db, 'space-1', 'create', start);
    const { desk, calls } = fakeDesk(answers);
    const runner = createSyncRunner(desk, db, { now: () => clock });
    await runner.runNow();
    expect(snapshots(calls)).toBe(1);
    // Its 30 people are in it.
    const sent = calls
      .filter((call) => call.channel === 'sync:snapshot')
      .flatMap((call) => call.payload.ops as { entity: string; entityId: string }[]);
    expect(new Set(sent.filter((op) => op.entity === 'subject').map((op) => op.entityId)).size).toBe(30);
    // Then one a day.
    await createRecord(db, { operatorId: null }, 'subject', { firstName: 'Léa', lastName: 'Roux' });
    clock = start + 2 * HOUR;
    await runner.runNow();
    expect(snapshots(calls)).toBe(1);
    await createRecord(db, { operatorId: null }, 'subject', { firstName: 'Noé', lastName: 'Roux' });
    clock = start + 25 * HOUR;
    await runner.runNow();
    expect(snapshots(calls)).toBe(2);
  });

  it('a device that joined writes its first a day later', async () => {
    const start = Date.parse('2026-12-06T09:00:00Z');
    let clock = start + 60_000;
    await rememberSpace(db, 'space-1', 'join', start);
    const { desk, calls } = fakeDesk(answers);
    const runner = createSyncRunner(desk, db, { now: () => clock });
    await runner.runNow();
    expect(snapshots(calls)).toBe(0);
    clock = start + 25 * HOUR;
    await createRecord(db, { operatorId: null }, 'subject', { firstName: 'Léa', lastName: 'Roux' });
    await runner.runNow();
    expect(snapshots(calls)).toBe(1);
  });

  it('another space starts over; the same space carries on where it stopped', async () => {
    await rememberSpace(db, 'space-1', 'join');
    await db.meta.bulkPut([
      { key: SYNC_META.pushed, value: { oplog: 'x', audit: 3 } },
      { key: SYNC_META.cursor, value: { d: [[1, 4]] } },
    ]);
    await rememberSpace(db, 'space-1', 'join');
    expect(await db.meta.get(SYNC_META.cursor)).toBeDefined();
    await rememberSpace(db, 'space-2', 'create');
    expect(await db.meta.bulkGet([SYNC_META.pushed, SYNC_META.cursor])).toEqual([undefined, undefined]);
    expect((await db.meta.get(SYNC_META.spaceId))?.value).toBe('space-2');
  });
});

describe('sync runner, pulling pages', () => {
  const devices = testDevices();
  afterEach(() => devices.closeAll());

  it('asks for the next page before applying the one it holds, and applies every page', async () => {
    const other = await devices.device();
    for (let i = 0; i < 12; i += 1)
      await createRecord(other, { operatorId: null }, 'subject', { firstName: `Q${i}`, lastName: 'Roux' });
    const folder: SyncOp[] = [];
    await pushTo(folder, other);
    const pages = [folder.slice(0, 10), folder.slice(10, 20), folder.slice(20)];
    const events: string[] = [];
    db.subjects.hook('creating', () => {
      events.push('applied');
    });
    const { desk } = fakeDesk((channel) => {
      if (channel === 'sync:push')
        return { ok: true, value: { queued: [1, 1], sent: 0, error: null, problems: [] } };
      if (channel === 'sync:pull')
        return {
          ok: true,
          value: { pullId: 'pull-1', total: folder.length, ops: pages[0], cursor: {}, problems: [] },
        };
      if (channel === 'sync:pull-page') {
        events.push('asked');
        const index = events.filter((event) => event === 'asked').length;
        return { ok: true, value: { ops: pages[index], done: index === pages.length - 1 } };
      }
      return { ok: true, value: null };
    });
    await createSyncRunner(desk, db).runNow();
    // The second page was asked for before the first one's people were written.
    expect(events[0]).toBe('asked');
    expect(events.filter((event) => event === 'asked')).toHaveLength(2);
    const names = (await db.subjects.toArray()).map((subject) => subject.firstName);
    for (let i = 0; i < 12; i += 1) expect(names).toContain(`Q${i}`);
  });
});
