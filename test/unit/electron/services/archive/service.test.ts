import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArchiveService, type ArchiveBegin } from '../../../../../electron/services/archive/service';
import { createKeyStore } from '../../../../../electron/services/archive/keys';
import { createAttachmentStore } from '../../../../../electron/services/attachments';
import { PDF_BYTES } from './helpers';

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const PASSPHRASE = 'correct horse battery';
const BEGIN: ArchiveBegin = {
  fileName: 'Archive RGPD 2026.zip',
  archiveId: '01968a4e-1f00-7000-8000-000000000002',
  organisation: 'Boulangerie Dupré',
  contactEmail: 'contact@dupre.example',
  exportTime: '2026-05-04T09:30:00.000Z',
  baggingDate: '2026-05-04',
  period: { from: '2026-01-01', to: '2026-04-30' },
  passphrase: PASSPHRASE,
};

describe('archive sessions', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rgpd-archive-service-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const service = (extra: Partial<Parameters<typeof createArchiveService>[0]> = {}) => {
    const attachments = createAttachmentStore(dir);
    return {
      attachments,
      archive: createArchiveService({
        dataDir: dir,
        keys: createKeyStore(dir, { scrypt: FAST }),
        attachments,
        softwareAgent: 'RGPD Desk test',
        ...extra,
      }),
    };
  };

  it('streams chunks and attachments into a download, reads it back, verifies it, and releases it', async () => {
    const { archive, attachments } = service();
    const stored = await attachments.put(PDF_BYTES, 'application/pdf');
    const begun = await archive.begin(BEGIN);
    expect(begun).toMatchObject({ reason: 'started', fingerprint: expect.stringMatching(/^SHA256:/) });
    const id = begun.id ?? '';
    await archive.attach(id, `attachments/${stored.hash}.pdf`, stored.hash);
    await archive.add(id, 'requests.csv', Buffer.from('a;b\r\n'), false);
    await archive.add(id, 'requests.csv', Buffer.from('1;2\r\n'), true);
    const finished = await archive.finish(id);
    expect(finished).toMatchObject({ saved: true, download: true, payloadFiles: 2 });

    const chunks: Buffer[] = [];
    for (let offset = 0, done = false; !done;) {
      const part = await archive.read(id, offset);
      chunks.push(part.bytes);
      offset += part.bytes.length;
      done = part.done;
    }
    const zip = Buffer.concat(chunks);
    expect(zip.length).toBe(finished.size);

    const upload = await archive.uploadBegin();
    await archive.uploadAdd(upload.id, zip.subarray(0, 1000));
    await archive.uploadAdd(upload.id, zip.subarray(1000));
    const verification = await archive.uploadVerify(upload.id);
    expect(verification).toMatchObject({
      valid: true,
      payloadFiles: 2,
      key: { fingerprint: begun.fingerprint },
    });

    expect(await archive.cancel(id)).toEqual({ cancelled: true });
    expect(await readdir(join(dir, 'exports'))).toEqual([]);
  });

  it('says a wrong passphrase before anything is written', async () => {
    const { archive } = service();
    await archive.begin(BEGIN); // makes the key
    await expect(archive.begin({ ...BEGIN, passphrase: 'not the right one' })).rejects.toMatchObject({
      code: 'key_passphrase_wrong',
    });
  });

  it('writes to the path the save dialog gave, and nothing when the dialog is cancelled', async () => {
    let answer: string | null = null;
    const { archive } = service({ chooseDestination: async () => answer });
    expect(await archive.begin(BEGIN)).toMatchObject({ id: null, reason: 'cancelled' });
    answer = join(dir, 'chosen.zip');
    const { id } = await archive.begin(BEGIN);
    await archive.add(id ?? '', 'a.txt', Buffer.from('a'), true);
    expect(await archive.finish(id ?? '')).toMatchObject({ download: false });
    expect((await stat(answer)).size).toBeGreaterThan(0);
    // The desktop session is over: a late cancel does not touch the saved file.
    expect(await archive.cancel(id ?? '')).toEqual({ cancelled: false });
    expect((await readFile(answer)).subarray(0, 2).toString()).toBe('PK');
  });

  it('cancelling mid-way or a failed step leaves no file under the final name', async () => {
    const target = join(dir, 'target.zip');
    const { archive } = service({ chooseDestination: async () => target });
    const first = await archive.begin(BEGIN);
    await archive.add(first.id ?? '', 'a.txt', Buffer.from('a'), false);
    await archive.cancel(first.id ?? '');
    expect(await readdir(dir)).not.toContain('target.zip');
    expect((await readdir(dir)).some((name) => name.endsWith('.partial'))).toBe(false);

    const second = await archive.begin(BEGIN);
    await archive.add(second.id ?? '', 'b.txt', Buffer.from('b'), true);
    // Out of order: the session ends and its partial file goes.
    await expect(archive.add(second.id ?? '', 'a.txt', Buffer.from('a'), true)).rejects.toMatchObject({
      code: 'archive_order',
    });
    await expect(archive.finish(second.id ?? '')).rejects.toMatchObject({ code: 'archive_session' });
    expect((await readdir(dir)).filter((name) => name.includes('target'))).toEqual([]);
  });

  it('aborts a session left idle', async () => {
    const target = join(dir, 'idle.zip');
    const { archive } = service({ chooseDestination: async () => target, idleMs: 50 });
    const { id } = await archive.begin(BEGIN);
    await archive.add(id ?? '', 'a.txt', Buffer.from('a'), false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(archive.finish(id ?? '')).rejects.toMatchObject({ code: 'archive_session' });
    expect((await readdir(dir)).filter((name) => name.includes('idle'))).toEqual([]);
  });
});
