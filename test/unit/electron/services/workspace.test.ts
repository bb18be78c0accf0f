/**
 * The data folder is readable by this user account only: folders 0700, files 0600, whoever writes
 * them (workspace, logger, attachment store, key store, archive export), and folders left 0755/0644
 * by earlier versions are repaired at start-up. The process umask is set to 022 here, the usual
 * default, so the modes come from the code and not from the environment.
 */
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createArchiveService } from '../../../../electron/services/archive/service';
import { createKeyStore } from '../../../../electron/services/archive/keys';
import { createAttachmentStore } from '../../../../electron/services/attachments';
import {
  createLogger,
  openWorkspace,
  tightenDataFolder,
  writeFileAtomic,
} from '../../../../electron/services/workspace';
import { PDF_BYTES } from './archive/helpers';

const posix = process.platform !== 'win32';
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

/** Every folder and file under `dir` (not following links) with its mode. */
async function modes(dir: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const visit = async (path: string, name: string) => {
    const stats = await lstat(path);
    if (stats.isSymbolicLink()) return;
    found.set(name, stats.mode & 0o777);
    if (stats.isDirectory()) {
      for (const child of await readdir(path)) await visit(join(path, child), `${name}/${child}`);
    }
  };
  await visit(dir, '.');
  return found;
}

describe.runIf(posix)('data folder modes', () => {
  let previousUmask: number;
  let root: string;
  let dataDir: string;
  beforeAll(() => {
    previousUmask = process.umask(0o022);
  });
  afterAll(() => {
    process.umask(previousUmask);
  });
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'rgpd-workspace-'));
    dataDir = join(root, 'data');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('a new data folder, its log, attachments, keys and an exported archive are private', async () => {
    await openWorkspace(dataDir);
    await createLogger(dataDir)('info', 'started');
    const attachments = createAttachmentStore(dataDir);
    await attachments.put(PDF_BYTES, 'application/pdf');
    const keys = createKeyStore(dataDir, { scrypt: { N: 2 ** 10, r: 8, p: 1 } });
    const archive = createArchiveService({ dataDir, keys, attachments, softwareAgent: 'test' });
    const begun = await archive.begin({
      fileName: 'archive.zip',
      archiveId: '01968a4e-1f00-7000-8000-000000000002',
      organisation: 'Boulangerie Dupré',
      contactEmail: 'contact@dupre.example',
      exportTime: '2026-05-04T09:30:00.000Z',
      baggingDate: '2026-05-04',
      period: { from: '2026-01-01', to: '2026-04-30' },
      passphrase: 'correct horse battery',
    });
    await archive.add(begun.id ?? '', 'requests.csv', Buffer.from('a;b\r\n'), true);
    await archive.finish(begun.id ?? '');

    const found = await modes(dataDir);
    const names = [...found.keys()];
    for (const expected of ['./workspace.json', './logs/app.log', './keys/keys.json']) {
      expect(names).toContain(expected);
    }
    expect(names.some((name) => /^\.\/keys\/[0-9A-F]{16}\.key$/.test(name))).toBe(true);
    expect(names.some((name) => /^\.\/attachments\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(name))).toBe(true);
    expect(names.some((name) => /^\.\/exports\/[^/]+\/archive\.zip$/.test(name))).toBe(true);
    for (const [name, mode] of found) {
      const isDir = (await stat(join(dataDir, name))).isDirectory();
      expect({ name, mode: mode.toString(8) }).toEqual({ name, mode: isDir ? '700' : '600' });
    }
  });

  it('the signing key is never stored raw: without a keychain it is sealed by the passphrase', async () => {
    const keys = createKeyStore(dataDir, { scrypt: { N: 2 ** 10, r: 8, p: 1 } });
    const info = await keys.create('correct horse battery');
    const { pair } = await keys.unlock('correct horse battery');
    const file = await readFile(join(dataDir, 'keys', `${info.keyId}.key`), 'utf8');
    expect(JSON.parse(file)).toMatchObject({ protection: 'passphrase', kdf: { name: 'scrypt' } });
    for (const encoding of ['base64', 'hex', 'base64url'] as const) {
      expect(file).not.toContain(pair.seed.toString(encoding));
    }
  });

  it('writeFileAtomic makes private files unless told otherwise', async () => {
    await mkdir(dataDir);
    await writeFileAtomic(join(dataDir, 'a.json'), '{}');
    await writeFileAtomic(join(dataDir, 'b.json'), '{}', 0o644);
    expect((await modeOf(join(dataDir, 'a.json'))).toString(8)).toBe('600');
    expect((await modeOf(join(dataDir, 'b.json'))).toString(8)).toBe('644');
  });

  it('repairs a data folder an earlier version left readable by everyone, and leaves links and their targets alone', async () => {
    const outside = join(root, 'outside.txt');
    await writeFile(outside, 'not ours', { mode: 0o644 });
    for (const folder of ['', 'logs', 'keys', 'attachments/ab', 'exports/x', 'sync/outbox']) {
      await mkdir(join(dataDir, folder), { recursive: true, mode: 0o755 });
      await chmod(join(dataDir, folder), 0o755);
    }
    const files = [
      'workspace.json',
      'logs/app.log',
      'keys/keys.json',
      `attachments/ab/${'ab'.padEnd(64, '0')}`,
    ];
    for (const file of [...files, 'sync/state.json', 'sync/outbox/1.seg']) {
      await writeFile(join(dataDir, file), 'x', { mode: 0o644 });
    }
    await writeFile(
      join(dataDir, 'workspace.json'),
      JSON.stringify({ workspaceId: '0f8fad5b-d9cb-469f-a165-70867728950e', createdAt: '2026-01-01' }),
    );
    await symlink(outside, join(dataDir, 'logs', 'link'));

    const { workspaceId } = await openWorkspace(dataDir);
    expect(workspaceId).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    const found = await modes(dataDir);
    expect(found.size).toBe(15);
    for (const [name, mode] of found) {
      const isDir = (await stat(join(dataDir, name))).isDirectory();
      expect({ name, mode: mode.toString(8) }).toEqual({ name, mode: isDir ? '700' : '600' });
    }
    expect((await modeOf(outside)).toString(8)).toBe('644');
    // Already private: nothing to change the second time, even walking everything.
    expect(await tightenDataFolder(dataDir, { everything: true })).toEqual({ changed: 0, skipped: [] });
    // A folder that is private already is not walked again at start-up; asked to, the walk finds the rest.
    await chmod(join(dataDir, 'logs', 'app.log'), 0o644);
    expect(await tightenDataFolder(dataDir)).toEqual({ changed: 0, skipped: [] });
    expect(await tightenDataFolder(dataDir, { everything: true })).toEqual({ changed: 1, skipped: [] });
  });
});
