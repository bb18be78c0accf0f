import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeManifestPath, encodeManifestPath, parseManifest } from '../../../../../shared/archive/bagit';
import { createBagWriter, dosTimestampFor } from '../../../../../electron/services/archive/bag-writer';
import { verifyArchive } from '../../../../../electron/services/archive/verify';
import { hasTool, KEY, METADATA, PDF_BYTES, run, SAMPLE_PAYLOAD, writeBag } from './helpers';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('BagIt writer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rgpd-bag-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('percent-encodes %, CR and LF in manifest paths and keeps spaces and accents', async () => {
    const names = [
      '100% sûr.txt',
      'line\nbreak.txt',
      'carriage\rreturn.txt',
      'deux  espaces é.txt',
      '%25 literal.txt',
    ];
    const files = names.map((name, index) => ({
      path: `notes/${name}`,
      bytes: Buffer.from(`file ${index}\n`),
    }));
    const summary = await writeBag(join(dir, 'Edge cases.zip'), files);
    expect(summary.payloadFiles).toBe(names.length);

    const verification = await verifyArchive(summary.path);
    expect(verification.problems).toEqual([]);
    expect(verification.valid).toBe(true);

    expect(run('unzip', ['-q', summary.path, '-d', 'out'], dir).status).toBe(0);
    const manifest = await readFile(join(dir, 'out', 'Edge cases', 'manifest-sha256.txt'), 'utf8');
    expect(manifest).toContain(`${sha256(Buffer.from('file 0\n'))}  data/notes/100%25 sûr.txt\n`);
    expect(manifest).toContain('data/notes/line%0Abreak.txt\n');
    expect(manifest).toContain('data/notes/carriage%0Dreturn.txt\n');
    expect(manifest).toContain('data/notes/deux  espaces é.txt\n');
    expect(manifest).toContain('data/notes/%2525 literal.txt\n');
    expect(manifest.split('\n')).toHaveLength(names.length + 1);
    const parsed = parseManifest(manifest);
    expect(parsed.ok && parsed.lines.map((line) => line.path).sort()).toEqual(
      names.map((name) => `data/notes/${name}`).sort(),
    );
    // Each listed file really is where the decoded path says, with that content (unzip shows
    // control characters as ^J / ^M in the names it creates, so those two are read by name).
    for (const [index, name] of names.entries()) {
      if (/[\r\n]/.test(name)) {
        const listed = run('unzip', ['-Z1', summary.path], dir).stdout;
        expect(listed).toContain(`Edge cases/data/notes/${name.replace('\n', '^J').replace('\r', '^M')}`);
        continue;
      }
      expect(await readFile(join(dir, 'out', 'Edge cases', 'data', 'notes', name), 'utf8')).toBe(
        `file ${index}\n`,
      );
    }
  });

  it('round-trips any path through the manifest encoding', () => {
    for (const path of ['a%0Ab', '%', '\r\n', 'é %25 \n%0d']) {
      expect(decodeManifestPath(encodeManifestPath(path))).toBe(path);
      expect(encodeManifestPath(path)).not.toMatch(/[\r\n]/);
    }
  });

  it('gives byte-identical ZIPs for the same data and export time, however the data is chunked', async () => {
    const { mkdir } = await import('node:fs/promises');
    await Promise.all(['a', 'b', 'c'].map((name) => mkdir(join(dir, name))));
    const a = await writeBag(join(dir, 'a', 'Same.zip'), SAMPLE_PAYLOAD, METADATA, 7);
    const b = await writeBag(join(dir, 'b', 'Same.zip'), SAMPLE_PAYLOAD, METADATA, 65536);
    const c = await writeBag(join(dir, 'c', 'Same.zip'), SAMPLE_PAYLOAD, {
      ...METADATA,
      exportTime: new Date('2026-05-04T09:31:00Z'),
    });
    const [bytesA, bytesB, bytesC] = await Promise.all([a, b, c].map((s) => readFile(s.path)));
    expect(sha256(bytesA!)).toBe(sha256(bytesB!));
    expect(sha256(bytesA!)).not.toBe(sha256(bytesC!));
  }, 30_000);

  it('writes one folder named like the ZIP, a fixed order, one timestamp and mode, PDFs stored', async () => {
    const summary = await writeBag(join(dir, 'Archive 2026.zip'), SAMPLE_PAYLOAD);
    const listing = run('unzip', ['-Z', '-l', summary.path], dir)
      .stdout.trim()
      .split('\n')
      .filter((line) => line.startsWith('-'));
    const names = listing.map((line) => line.split(/\s+/).slice(9).join(' '));
    expect(names).toEqual([
      'Archive 2026/bagit.txt',
      'Archive 2026/data/attachments/report scan.pdf',
      'Archive 2026/data/consents.csv',
      'Archive 2026/data/requests.json',
      'Archive 2026/data/équipe/accents é à ü.txt',
      'Archive 2026/VERIFY.txt',
      'Archive 2026/allowed_signers',
      'Archive 2026/bag-info.txt',
      'Archive 2026/manifest-sha256.txt',
      'Archive 2026/minisign.pub',
      'Archive 2026/tagmanifest-sha256.txt',
      'Archive 2026/tagmanifest-sha256.txt.minisig',
      'Archive 2026/tagmanifest-sha256.txt.sig',
    ]);
    for (const line of listing) {
      expect(line.startsWith('-rw-r--r--')).toBe(true);
      expect(line).toContain('26-May-04 09:30');
      // "stor" for the PDF, "defN" for the rest.
      expect(line.includes('.pdf') ? line.includes(' stor ') : line.includes(' defN ')).toBe(true);
    }
    const bagInfo = run('unzip', ['-p', summary.path, 'Archive 2026/bag-info.txt'], dir).stdout;
    const payloadBytes = SAMPLE_PAYLOAD.reduce((sum, file) => sum + file.bytes.length, 0);
    expect(bagInfo).toContain(`Payload-Oxum: ${payloadBytes}.${SAMPLE_PAYLOAD.length}\n`);
    expect(bagInfo).toContain('Source-Organization: Boulangerie Dupré\n');
    expect(bagInfo).toContain('Contact-Email: contact@dupre.example\n');
    expect(bagInfo).toContain('Bagging-Date: 2026-05-04\n');
    expect(bagInfo).toContain('Bag-Software-Agent: RGPD Desk 0.1.0\n');
    expect(bagInfo).toMatch(/External-Description: .*2026-01-01.*2026-04-30/);
  });

  it('keeps the export time in UTC in the DOS timestamp, whatever the time zone', () => {
    const instant = new Date('2026-05-04T09:30:00Z');
    const shifted = dosTimestampFor(instant);
    expect([
      shifted.getFullYear(),
      shifted.getMonth(),
      shifted.getDate(),
      shifted.getHours(),
      shifted.getMinutes(),
    ]).toEqual([2026, 4, 4, 9, 30]);
  });

  it('refuses paths out of order, repeated, or leaving data/, and writes nothing', async () => {
    const finalPath = join(dir, 'Refused.zip');
    const writer = createBagWriter({ finalPath, metadata: METADATA, key: KEY });
    await writer.add('b.txt', Buffer.from('b'));
    await expect(writer.add('a.txt', Buffer.from('a'))).rejects.toMatchObject({ code: 'archive_order' });
    await expect(writer.add('b.txt', Buffer.from('b'))).rejects.toMatchObject({ code: 'archive_order' });
    for (const bad of ['../evil.txt', '/etc/passwd', 'c/./d', 'c//d', 'c\\d', 'c/']) {
      expect(() => writer.open(bad)).toThrow(expect.objectContaining({ code: 'archive_bad_path' }));
    }
    await writer.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves no file under the final name (and no partial file) when cancelled mid-way', async () => {
    const finalPath = join(dir, 'Cancelled.zip');
    const controller = new AbortController();
    const writer = createBagWriter({ finalPath, metadata: METADATA, key: KEY, signal: controller.signal });
    await writer.add('a.pdf', PDF_BYTES);
    const sink = writer.open('big.bin');
    await sink.write(Buffer.alloc(1024 * 1024, 1));
    expect((await readdir(dir)).some((name) => name.endsWith('.partial'))).toBe(true);
    controller.abort();
    await expect(sink.write(Buffer.alloc(10))).rejects.toMatchObject({ code: 'archive_cancelled' });
    await expect(writer.finish()).rejects.toMatchObject({ code: 'archive_cancelled' });
    await writer.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves nothing behind when a source fails', async () => {
    const finalPath = join(dir, 'Failed.zip');
    const writer = createBagWriter({ finalPath, metadata: METADATA, key: KEY });
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk gone'));
      },
    });
    await expect(writer.add('a.txt', failing)).rejects.toThrow('disk gone');
    await expect(writer.finish()).rejects.toThrow();
    await writer.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it('adds attachments straight from a file on disk', async () => {
    const { writeFile } = await import('node:fs/promises');
    const source = join(dir, 'scan.pdf');
    await writeFile(source, PDF_BYTES);
    const writer = createBagWriter({ finalPath: join(dir, 'From disk.zip'), metadata: METADATA, key: KEY });
    await writer.add(`attachments/${sha256(PDF_BYTES)}.pdf`, { file: source });
    const summary = await writer.finish();
    expect(summary.payloadBytes).toBe(PDF_BYTES.length);
    expect((await verifyArchive(summary.path)).valid).toBe(true);
  });
});

describe.skipIf(!['unzip', 'sha256sum', 'minisign', 'ssh-keygen', 'zip'].every(hasTool))(
  'the archive with the standard tools, and tampering',
  () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'rgpd-bag-tools-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    const TOOLS = {
      minisign: (bag: string) =>
        run('minisign', ['-Vm', 'tagmanifest-sha256.txt', '-p', 'minisign.pub'], bag),
      ssh: async (bag: string) =>
        run(
          'ssh-keygen',
          [
            '-Y',
            'verify',
            '-f',
            'allowed_signers',
            '-I',
            'rgpd-desk',
            '-n',
            'file',
            '-s',
            'tagmanifest-sha256.txt.sig',
          ],
          bag,
          await readFile(join(bag, 'tagmanifest-sha256.txt')),
        ),
      tagmanifest: (bag: string) => run('sha256sum', ['-c', 'tagmanifest-sha256.txt'], bag),
      manifest: (bag: string) => run('sha256sum', ['-c', 'manifest-sha256.txt'], bag),
    };

    async function statuses(bag: string) {
      return {
        minisign: TOOLS.minisign(bag).status,
        ssh: (await TOOLS.ssh(bag)).status,
        tagmanifest: TOOLS.tagmanifest(bag).status,
        manifest: TOOLS.manifest(bag).status,
      };
    }

    async function flipByte(file: string, offset: number) {
      const { writeFile } = await import('node:fs/promises');
      const bytes = await readFile(file);
      bytes[offset] = (bytes[offset] ?? 0) ^ 0x01;
      await writeFile(file, bytes);
    }

    /** Re-zips the unpacked bag with Info-ZIP, as someone who edited a file would. */
    const rezip = (name: string) => {
      const out = join(dir, `${name}-rezipped.zip`);
      expect(run('zip', ['-q', '-r', out, 'Bag'], join(dir, name)).status).toBe(0);
      return out;
    };

    it('passes minisign, ssh-keygen, sha256sum -c and the verifier, and each check that should fail does', async () => {
      const summary = await writeBag(join(dir, 'Bag.zip'), SAMPLE_PAYLOAD);
      const verified = await verifyArchive(summary.path);
      expect(verified).toMatchObject({ valid: true, problems: [], payloadFiles: 4 });
      expect(verified.key?.fingerprint).toBe(summary.fingerprint);
      expect(verified.trustedComment).toContain(METADATA.archiveId);

      for (const name of ['clean', 'attachment', 'data', 'manifest']) {
        expect(run('unzip', ['-q', summary.path, '-d', name], dir).status).toBe(0);
      }
      const bag = (name: string) => join(dir, name, 'Bag');
      expect(await statuses(bag('clean'))).toEqual({ minisign: 0, ssh: 0, tagmanifest: 0, manifest: 0 });
      expect(TOOLS.minisign(bag('clean')).stdout).toContain(
        `Trusted comment: RGPD Desk archive ${METADATA.archiveId}`,
      );

      await flipByte(join(bag('attachment'), 'data/attachments/report scan.pdf'), 100);
      expect(await statuses(bag('attachment'))).toEqual({ minisign: 0, ssh: 0, tagmanifest: 0, manifest: 1 });
      expect(TOOLS.manifest(bag('attachment')).stdout).toContain('data/attachments/report scan.pdf: FAILED');
      expect((await verifyArchive(rezip('attachment'))).problems).toEqual([
        { code: 'changed_file', path: 'data/attachments/report scan.pdf' },
      ]);

      await flipByte(join(bag('data'), 'data/requests.json'), 3);
      expect(await statuses(bag('data'))).toEqual({ minisign: 0, ssh: 0, tagmanifest: 0, manifest: 1 });
      expect((await verifyArchive(rezip('data'))).problems).toEqual([
        { code: 'changed_file', path: 'data/requests.json' },
      ]);

      // A changed hash digit (still hex, so sha256sum reads the line): the manifest no longer
      // matches tagmanifest, nor that file.
      const manifestFile = join(bag('manifest'), 'manifest-sha256.txt');
      const manifestBytes = await readFile(manifestFile);
      manifestBytes[0] = manifestBytes[0] === 0x30 ? 0x31 : 0x30;
      const { writeFile } = await import('node:fs/promises');
      await writeFile(manifestFile, manifestBytes);
      expect(await statuses(bag('manifest'))).toEqual({ minisign: 0, ssh: 0, tagmanifest: 1, manifest: 1 });
      const manifestProblems = (await verifyArchive(rezip('manifest'))).problems;
      expect(manifestProblems).toContainEqual({ code: 'changed_file', path: 'manifest-sha256.txt' });
      expect(manifestProblems).toContainEqual({
        code: 'changed_file',
        path: 'data/attachments/report scan.pdf',
      });

      // tagmanifest itself changed: both signatures fail.
      const { appendFile } = await import('node:fs/promises');
      await appendFile(join(bag('clean'), 'tagmanifest-sha256.txt'), '\n');
      expect(TOOLS.minisign(bag('clean')).status).not.toBe(0);
      expect((await TOOLS.ssh(bag('clean'))).status).not.toBe(0);
      const signatureProblems = (await verifyArchive(rezip('clean'))).problems;
      expect(signatureProblems).toContainEqual({
        code: 'bad_signature',
        path: 'tagmanifest-sha256.txt.minisig',
        signature: 'minisign',
      });
      expect(signatureProblems).toContainEqual({
        code: 'bad_signature',
        path: 'tagmanifest-sha256.txt.sig',
        signature: 'ssh',
      });
    }, 60_000);

    it('notices a byte flipped inside the ZIP itself, without re-zipping', async () => {
      const summary = await writeBag(join(dir, 'Bag.zip'), SAMPLE_PAYLOAD);
      const { writeFile } = await import('node:fs/promises');
      const zip = await readFile(summary.path);
      // The PDF is stored, so its bytes appear as they are in the ZIP.
      const at = zip.indexOf(PDF_BYTES.subarray(0, 200)) + 150;
      zip[at] = (zip[at] ?? 0) ^ 0xff;
      await writeFile(summary.path, zip);
      expect((await verifyArchive(summary.path)).problems).toEqual([
        { code: 'changed_file', path: 'data/attachments/report scan.pdf' },
      ]);
      expect(run('unzip', ['-t', summary.path], dir).status).not.toBe(0);
    });
  },
);
