import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskApi } from '../../../../../shared/ipc/contract';
import { createSyncRunner } from '../../../../../renderer/src/features/sync/runner';
import { createRecord } from '../../../../../renderer/src/db/write';
import type { DeskDb } from '../../../../../renderer/src/db/schema';
import { openTestDb } from '../../db/fixtures';

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
