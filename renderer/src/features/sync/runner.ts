/**
 * The background sync pass, run by the renderer because it owns the database: push this device's
 * new changes, pull the others', apply them (renderer/src/db/sync.ts), acknowledge, delete files an
 * erasure freed, and now and then write a snapshot and compact. Passes never overlap (one at a
 * time, and one per database across tabs with the Web Locks API); a request during a pass runs
 * one more pass after it. Nothing here blocks the UI: each step is a short transaction or an IPC call.
 */
import type { DeskApi } from '../../../../shared/ipc/contract';
import { SYNC_BATCH_OPS } from '../../../../shared/ipc/contract';
import { DeskFailure, call } from '../../app/transport';
import { removeQueuedAttachments } from '../../app/files';
import type { DeskDb } from '../../db/schema';
import {
  applyRemoteOps,
  beginJoin,
  markPushed,
  outgoingChanges,
  snapshotBatches,
  storedCursor,
  SYNC_META,
  type ApplyProblem,
} from '../../db/sync';
import { deviceIdOf } from '../../db/write';
import { createAuditAnchor } from '../audit/checkpoints';

/** A snapshot (and the compaction it allows) at most this often. */
export const SNAPSHOT_EVERY_MS = 24 * 3_600_000;
const QUIET_CODES = new Set(['not_joined', 'paused', 'locked']);

export type PassState = {
  running: boolean;
  /** When the last pass finished without error. */
  lastPass: string | null;
  /** Message key of the last pass's failure. */
  error: string | null;
  /** Problems this device found while applying (sync.problems.*). */
  problems: ApplyProblem[];
  /** Records changed by the last pass that brought something. */
  received: number;
};

export type SyncRunner = {
  /** Ask for a pass soon (debounced). */
  request(delayMs?: number): void;
  /** Run a pass now (after the running one) and wait for it. */
  runNow(): Promise<PassState>;
  state(): PassState;
  subscribe(listener: () => void): () => void;
  /** Passes run between start() and stop() (React may mount twice). */
  start(): void;
  stop(): void;
};

let timingSteps = false;

/**
 * Time each part of a pass from now on, as performance measures named `sync:<part>` (for the
 * benchmark, through the test API: the browser keeps measures until cleared, so not in the app).
 */
export function timeSyncSteps(): void {
  timingSteps = true;
}

async function step<T>(part: string, run: () => Promise<T>): Promise<T> {
  if (!timingSteps) return run();
  const start = performance.now();
  try {
    return await run();
  } finally {
    performance.measure(`sync:${part}`, { start, end: performance.now() });
  }
}

export function syncMessageKey(error: unknown): string {
  if (error instanceof DeskFailure && /^(sync|errors)\.[A-Za-z.]+$/.test(error.message)) return error.message;
  return 'errors.internal';
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function createSyncRunner(
  desk: DeskApi,
  db: DeskDb,
  options: { now?: () => number } = {},
): SyncRunner {
  const now = options.now ?? Date.now;
  const anchorAudit = createAuditAnchor(desk, db);
  let state: PassState = { running: false, lastPass: null, error: null, problems: [], received: 0 };
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let current: Promise<PassState> | null = null;
  let again = false;
  let stopped = true;
  /** The last pass reached the space (neither 'not_joined' nor 'paused'). */
  let joined = false;
  /** The last push got everything to the folder (an empty one flushes what a missing folder held back). */
  let flushed = false;

  const update = (patch: Partial<PassState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };

  async function push(deviceId: string): Promise<boolean> {
    // Until a pass has got through, an empty push first: it throws 'not_joined' or 'paused' before
    // this device's changes are read and sent (most workspaces never sync, and a pass runs after
    // every local write).
    if (!joined) {
      flushed = (await call(desk, 'sync:push', { deviceId, ops: [] })).error === null;
      joined = true;
    }
    for (;;) {
      const batch = await outgoingChanges(db, deviceId, SYNC_BATCH_OPS);
      // Nothing new, and nothing held back by the Node side: no call.
      if (!batch && flushed) return true;
      const result = await call(desk, 'sync:push', { deviceId, ops: batch?.ops ?? [] });
      flushed = result.error === null;
      if (batch && result.queued) await markPushed(db, batch.next);
      if (!batch || !result.queued) return flushed;
    }
  }

  async function pull(deviceId: string): Promise<{ received: number; problems: ApplyProblem[] }> {
    const cursor = await storedCursor(db);
    const first = await call(desk, 'sync:pull', { deviceId, cursor });
    let ops = first.ops;
    let offset = ops.length;
    let done = first.pullId === null;
    let received = 0;
    const problems: ApplyProblem[] = [];
    // Asked only once the space answered with something to merge: a workspace that does not sync,
    // or a space still empty, never starts one (its mark is a write, and a write asks for a pass).
    const join = first.total > 0 && (await beginJoin(db));
    for (;;) {
      // The next page is asked for before this one is applied: the Node side serves it while the
      // database writes (a join of 200 pages waited 10 s on them one after the other).
      const next = done ? null : call(desk, 'sync:pull-page', { pullId: first.pullId!, offset });
      // Awaited below; if applying fails first, its failure is the one reported.
      next?.catch(() => undefined);
      const outcome = await step('apply', () =>
        applyRemoteOps(db, ops, {
          deviceId,
          ...(join ? { join } : {}),
          ...(done ? { cursor: first.cursor } : {}),
        }),
      );
      received += outcome.changed;
      for (const problem of outcome.problems) if (!problems.includes(problem)) problems.push(problem);
      if (!next) break;
      const page = await next;
      ops = page.ops;
      offset += ops.length;
      done = page.done;
    }
    if (received > 0 || !sameJson(cursor, first.cursor)) {
      const hlc = (await db.meta.get('hlc'))?.value;
      await call(desk, 'sync:ack', {
        deviceId,
        cursor: first.cursor,
        hlc: typeof hlc === 'string' ? hlc : null,
      });
    }
    return { received, problems };
  }

  /** The whole merged state for devices that join later, then compaction of what it covers. */
  async function snapshotIfDue(deviceId: string): Promise<void> {
    const last = (await db.meta.get(SYNC_META.lastSnapshot))?.value;
    if (typeof last === 'number' && now() - last < SNAPSHOT_EVERY_MS) return;
    const cursor = await storedCursor(db);
    for await (const ops of snapshotBatches(db, SYNC_BATCH_OPS)) {
      await call(desk, 'sync:snapshot', { deviceId, ops, done: false });
    }
    await call(desk, 'sync:snapshot', { deviceId, ops: [], done: true, cursor });
    await db.meta.put({ key: SYNC_META.lastSnapshot, value: now() });
    await call(desk, 'sync:compact', { deviceId });
  }

  async function pass(): Promise<PassState> {
    update({ running: true });
    try {
      const deviceId = await deviceIdOf(db);
      const flushed = await step('push', () => push(deviceId));
      // Every push anchors the audit head pushed (a refusal is logged there; sync goes on regardless).
      if (flushed) await step('anchor', () => anchorAudit().catch(() => {}));
      const { received, problems } = await pull(deviceId);
      await step('attachments', () => removeQueuedAttachments(db, desk));
      // Only with everything out, so the snapshot covers this device's changes.
      if (flushed) await step('snapshot', () => snapshotIfDue(deviceId));
      update({
        running: false,
        lastPass: new Date(now()).toISOString(),
        error: null,
        problems,
        ...(received > 0 ? { received } : {}),
      });
    } catch (error) {
      if (error instanceof DeskFailure && QUIET_CODES.has(error.code)) {
        joined = false;
        flushed = false;
        update({ running: false, error: null });
      } else {
        if (!(error instanceof DeskFailure))
          void desk.invoke('log:write', { level: 'error', message: `sync pass failed: ${String(error)}` });
        update({ running: false, error: syncMessageKey(error) });
      }
    }
    return state;
  }

  /** One database, one pass at a time, also across tabs of the browser host. */
  function exclusive(): Promise<PassState> {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    // The lock's promise resolves with the pass's own result.
    return locks
      ? (locks.request(`rgpd-desk-sync-${db.name}`, () => pass()) as Promise<unknown> as Promise<PassState>)
      : pass();
  }

  function runNow(): Promise<PassState> {
    if (current) {
      again = true;
      return current.then(() => current ?? state);
    }
    current = exclusive().finally(() => {
      current = null;
      if (again && !stopped) {
        again = false;
        void runNow();
      }
    });
    return current;
  }

  return {
    request(delayMs = 300) {
      if (stopped || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void runNow();
      }, delayMs);
    },
    runNow,
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      stopped = false;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
