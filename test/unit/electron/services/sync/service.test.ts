import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAttachmentStore } from '../../../../../electron/services/attachments';
import { HandlerError } from '../../../../../electron/services/dispatch';
import {
  createSyncService,
  createSecretKeeper,
  PULL_PAGE_OPS,
  type SyncService,
} from '../../../../../electron/services/sync/service';
import {
  newKdfParams,
  toBase64,
  unwrapWorkspaceKey,
  type WrappedKey,
} from '../../../../../shared/sync/crypto';
import { encodeHlc } from '../../../../../shared/sync/hlc';
import type { SyncOp } from '../../../../../shared/sync/merge';

const PASS = 'Trois petits chats 2026!';
const kdf = async () => newKdfParams('argon2id', { memoryKiB: 19_456, iterations: 1 });
const PDF = new TextEncoder().encode('%PDF-1.4 formulaire signé');

let root: string;
let folder: string;
const services: SyncService[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'rgpd-sync-service-'));
  folder = join(root, 'shared');
  await mkdir(folder);
});
afterEach(async () => {
  for (const service of services.splice(0)) service.close();
  await rm(root, { recursive: true, force: true });
});

function service(name: string, onChange?: (reason: 'folder' | 'timer') => void, dir = name) {
  const dataDir = join(root, dir);
  const attachments = createAttachmentStore(dataDir);
  const created = createSyncService({ dataDir, attachments, kdf, ...(onChange ? { onChange } : {}) });
  services.push(created);
  return { sync: created, attachments, dataDir };
}

function ops(deviceId: string, count: number, extra: Partial<SyncOp> = {}): SyncOp[] {
  return Array.from({ length: count }, (_, index) => ({
    hlc: encodeHlc({ wall: Date.UTC(2026, 10, 29), counter: index, device: deviceId }),
    deviceId,
    entity: 'subject',
    entityId: `s${index}`,
    op: 'create' as const,
    fields: { lastName: `Dupont ${index}` },
    ...extra,
  }));
}

async function failure(promise: Promise<unknown>): Promise<HandlerError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HandlerError);
  return error as HandlerError;
}

describe('sync service', () => {
  it('creates, joins and moves ops between two data folders; pulls come in pages', async () => {
    const a = service('a');
    const b = service('b');
    expect(await a.sync.status('devA')).toMatchObject({ joined: false, otherDevice: false });
    const { spaceId } = await a.sync.create({
      deviceId: 'devA',
      folder,
      passphrase: PASS,
      label: 'Comptoir',
    });
    expect(await b.sync.join({ deviceId: 'devB', folder, passphrase: PASS, label: 'Portable' })).toEqual({
      spaceId,
    });
    const many = ops('devA', PULL_PAGE_OPS + 3);
    expect(await a.sync.push({ deviceId: 'devA', ops: many.slice(0, 5000) })).toMatchObject({
      queued: [1, 5000],
    });
    await a.sync.push({ deviceId: 'devA', ops: many.slice(5000) });

    const first = await b.sync.pull({ deviceId: 'devB', cursor: {} });
    expect(first).toMatchObject({ total: many.length, cursor: { devA: [[1, many.length]] } });
    expect(first.ops).toHaveLength(PULL_PAGE_OPS);
    const rest = b.sync.pullPage({ pullId: first.pullId!, offset: first.ops.length });
    expect(rest).toEqual({ ops: many.slice(PULL_PAGE_OPS), done: true });
    expect(() => b.sync.pullPage({ pullId: first.pullId!, offset: 0 })).toThrow(HandlerError);

    await b.sync.ack({ deviceId: 'devB', cursor: first.cursor, hlc: many.at(-1)!.hlc });
    // A registers B at its next pass; then B is one of the devices.
    await a.sync.pull({ deviceId: 'devA', cursor: {} });
    const status = await a.sync.status('devA');
    expect(status).toMatchObject({
      joined: true,
      paused: false,
      folder,
      spaceId,
      label: 'Comptoir',
      pendingOps: 0,
    });
    expect(status.devices.map((d) => [d.label, d.self])).toEqual([
      ['Comptoir', true],
      ['Portable', false],
    ]);
    // The space file and the local config name no secret; the keys are sealed in the engine's
    // state, this user's alone.
    const config = await readFile(join(a.dataDir, 'sync.json'), 'utf8');
    expect(config).toContain('Comptoir');
    expect(config).not.toContain(PASS);
    expect((await stat(join(a.dataDir, 'sync.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(a.dataDir, 'sync', 'state.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(a.dataDir, 'sync'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(a.dataDir, 'sync', 'outbox'))).mode & 0o777).toBe(0o700);
  });

  it('maps engine failures to translated handler errors and checks which space a device rejoins', async () => {
    const a = service('a');
    const b = service('b');
    expect((await failure(a.sync.push({ deviceId: 'devA', ops: [] }))).code).toBe('not_joined');
    expect(
      (await failure(a.sync.create({ deviceId: 'devA', folder, passphrase: 'azerty', label: '' }))).message,
    ).toBe('sync.errors.weakPassphrase');
    await a.sync.create({ deviceId: 'devA', folder, passphrase: PASS, label: '' });
    const wrong = await failure(
      b.sync.join({ deviceId: 'devB', folder, passphrase: 'Trois petits chats', label: '' }),
    );
    expect([wrong.code, wrong.message]).toEqual(['wrong_passphrase', 'sync.errors.wrongPassphrase']);
    expect(await b.sync.status('devB')).toMatchObject({ joined: false });
    const other = await failure(
      b.sync.join({
        deviceId: 'devB',
        folder,
        passphrase: PASS,
        label: '',
        expectedSpaceId: 'another-space',
      }),
    );
    expect(other.code).toBe('space_mismatch');
    // Another database of the same data folder (another browser profile) is told so.
    expect(await a.sync.status('devZ')).toMatchObject({ joined: false, otherDevice: true });
  });

  it('pauses, changes the passphrase, and leaves only once what is queued reached the folder', async () => {
    const a = service('a');
    await a.sync.create({ deviceId: 'devA', folder, passphrase: PASS, label: '' });
    await a.sync.setPaused({ deviceId: 'devA', paused: true });
    expect((await failure(a.sync.pull({ deviceId: 'devA', cursor: {} }))).code).toBe('paused');
    expect(await a.sync.status('devA')).toMatchObject({ paused: true });
    await a.sync.setPaused({ deviceId: 'devA', paused: false });

    await a.sync.changePassphrase({ deviceId: 'devA', current: PASS, next: 'Quatre grands chiens 2027?' });
    const b = service('b');
    expect((await failure(b.sync.join({ deviceId: 'devB', folder, passphrase: PASS, label: '' }))).code).toBe(
      'wrong_passphrase',
    );
    await b.sync.join({ deviceId: 'devB', folder, passphrase: 'Quatre grands chiens 2027?', label: '' });

    // The folder vanishes: the push is queued here, and leaving is refused until it is back.
    await rm(folder, { recursive: true });
    const pushed = await a.sync.push({ deviceId: 'devA', ops: ops('devA', 2) });
    expect(pushed).toMatchObject({ queued: [1, 2], sent: 0, error: { code: 'folder_missing' } });
    expect((await failure(a.sync.leave({ deviceId: 'devA' }))).code).toBe('folder_missing');
    expect(await a.sync.status('devA')).toMatchObject({ joined: true, pendingOps: 2 });
  });

  it('copies attachments both ways: ours when records go out, theirs once records arrived', async () => {
    const a = service('a');
    const b = service('b');
    await a.sync.create({ deviceId: 'devA', folder, passphrase: PASS, label: '' });
    await b.sync.join({ deviceId: 'devB', folder, passphrase: PASS, label: '' });
    const stored = await a.attachments.put(PDF, 'application/pdf');
    const event: SyncOp = {
      ...ops('devA', 1)[0]!,
      entity: 'consentEvent',
      fields: { subjectId: 's1', evidence: { attachment: { hash: stored.hash, name: 'f.pdf' } } },
    };
    await a.sync.push({ deviceId: 'devA', ops: [event] });
    expect(await b.attachments.has(stored.hash)).toBe(false);
    const pulled = await b.sync.pull({ deviceId: 'devB', cursor: {} });
    expect(pulled.ops).toEqual([event]);
    await b.sync.ack({ deviceId: 'devB', cursor: pulled.cursor, hlc: null });
    expect(await b.attachments.has(stored.hash)).toBe(true);
    expect(new Uint8Array((await b.attachments.get(stored.hash)).bytes)).toEqual(PDF);
    // The folder holds it encrypted, under a name that is not its hash.
    const names = await readdir(join(folder, 'RGPD-Desk', 'attachments'));
    expect(names).toHaveLength(1);
    expect(names[0]).not.toContain(stored.hash);
    const inFolder = await readFile(join(folder, 'RGPD-Desk', 'attachments', names[0]!));
    expect(inFolder.toString('latin1')).not.toContain('formulaire');
  });

  it('wakes the renderer when another device writes, not for its own writes', async () => {
    const onChange = vi.fn();
    const a = service('a', onChange);
    const b = service('b');
    await a.sync.create({ deviceId: 'devA', folder, passphrase: PASS, label: '' });
    await b.sync.join({ deviceId: 'devB', folder, passphrase: PASS, label: '' });
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledWith('folder'), { timeout: 3000 }); // b's device file
    await new Promise((done) => setTimeout(done, 600));
    onChange.mockClear();
    await a.sync.push({ deviceId: 'devA', ops: ops('devA', 1) });
    await new Promise((done) => setTimeout(done, 600));
    expect(onChange).not.toHaveBeenCalled();
    await b.sync.push({ deviceId: 'devB', ops: ops('devB', 1) });
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledWith('folder'), { timeout: 3000 });
  });

  it('seals the sync secrets with the OS keystore when it really encrypts, and says which way', async () => {
    const sealer = {
      available: () => true,
      seal: (plain: Buffer) => Buffer.from(plain.toString('hex')),
      unseal: (sealed: Buffer) => Buffer.from(sealed.toString(), 'hex'),
    };
    const raw = new Uint8Array([1, 2, 3]);
    const sealed = await createSecretKeeper(sealer, kdf).protector.seal(raw);
    expect(sealed.startsWith('os:')).toBe(true);
    expect(await createSecretKeeper(sealer, kdf).protector.open(sealed)).toEqual(raw);
    await expect(
      createSecretKeeper({ ...sealer, available: () => false }, kdf).protector.open(sealed),
    ).rejects.toThrow();
  });

  it('without a keystore, never stores a key raw: sealed by the passphrase, locked after a restart', async () => {
    const a = service('a');
    await a.sync.create({ deviceId: 'devA', folder, passphrase: PASS, label: 'Comptoir' });
    await a.sync.push({ deviceId: 'devA', ops: ops('devA', 1) });
    const state = JSON.parse(await readFile(join(a.dataDir, 'sync', 'state.json'), 'utf8')) as {
      secrets: string;
    };
    expect(state.secrets.startsWith('pass:')).toBe(true);
    // The space key (opened here from the folder with the passphrase) is nowhere in the local
    // state, in any encoding, nor under the base64 layer the tests' plain protector would add.
    const [epochFile] = await readdir(join(folder, 'RGPD-Desk', 'keys'));
    const epoch = JSON.parse(await readFile(join(folder, 'RGPD-Desk', 'keys', epochFile!), 'utf8')) as {
      id: string;
      spaceId: string;
      passphrase: WrappedKey;
    };
    const raw = await unwrapWorkspaceKey(epoch.passphrase, PASS, `${epoch.spaceId}/${epoch.id}`);
    const local = await readFile(join(a.dataDir, 'sync', 'state.json'), 'utf8');
    const opened = Buffer.from(state.secrets.slice(5), 'base64').toString('latin1');
    for (const form of [toBase64(raw), Buffer.from(raw).toString('hex')]) {
      expect(local).not.toContain(form);
      expect(opened).not.toContain(form);
    }

    // The host restarts: sync waits for the passphrase, then carries on.
    a.sync.close();
    const again = service('a2', undefined, 'a');
    expect(await again.sync.status('devA')).toMatchObject({ joined: true, locked: true, label: 'Comptoir' });
    expect((await failure(again.sync.pull({ deviceId: 'devA', cursor: {} }))).code).toBe('locked');
    expect(
      (await failure(again.sync.unlock({ deviceId: 'devA', passphrase: 'pas la bonne phrase' }))).code,
    ).toBe('wrong_passphrase');
    await again.sync.unlock({ deviceId: 'devA', passphrase: PASS });
    expect(await again.sync.status('devA')).toMatchObject({ joined: true, locked: false, pendingOps: 0 });
    expect((await again.sync.push({ deviceId: 'devA', ops: ops('devA', 1) })).queued).toEqual([2, 2]);

    // A new passphrase (here, removing a device) re-seals the local secrets under it.
    const b = service('b');
    await b.sync.join({ deviceId: 'devB', folder, passphrase: PASS, label: 'Portable' });
    await again.sync.pull({ deviceId: 'devA', cursor: {} });
    const NEXT = 'Quatre grands chiens 2027?';
    await again.sync.removeDevice({ deviceId: 'devA', target: 'devB', passphrase: NEXT });
    again.sync.close();
    const third = service('a3', undefined, 'a');
    expect((await failure(third.sync.unlock({ deviceId: 'devA', passphrase: PASS }))).code).toBe(
      'wrong_passphrase',
    );
    await third.sync.unlock({ deviceId: 'devA', passphrase: NEXT });
    expect((await third.sync.status('devA')).devices.find((d) => d.deviceId === 'devB')?.removed).toBe(true);
  });
});
