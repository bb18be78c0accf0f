import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import {
  UnreadableArchiveError,
  verifyArchive,
  VERIFY_LIMITS,
} from '../../../../../electron/services/archive/verify';
import { run, SAMPLE_PAYLOAD, writeBag } from './helpers';

type Entry = { name: string; bytes?: Buffer; mode?: number; compress?: boolean };

/** A ZIP made by yazl in memory; `patch` then rewrites names yazl itself would refuse. */
async function zipBuffer(entries: Entry[], patch: Array<[string, string]> = []): Promise<Buffer> {
  const zip = new ZipFile();
  for (const entry of entries) {
    zip.addBuffer(entry.bytes ?? Buffer.from('x'), entry.name, {
      mtime: new Date('2026-01-01T00:00:00Z'),
      ...(entry.mode !== undefined ? { mode: entry.mode } : {}),
      compress: entry.compress ?? true,
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  let bytes = Buffer.concat(chunks);
  for (const [from, to] of patch) {
    expect(Buffer.byteLength(from)).toBe(Buffer.byteLength(to));
    bytes = Buffer.from(bytes.toString('latin1').split(from).join(to), 'latin1');
  }
  return bytes;
}

/**
 * A ZIP whose central directory really lists `count` entries (46-byte records, one-byte names) and
 * no file data: built directly, it costs a few megabytes and milliseconds, not 100,001 yazl entries.
 */
function zipWithEntries(count: number): Buffer {
  const record = Buffer.alloc(47);
  record.writeUInt32LE(0x02014b50, 0);
  record.writeUInt16LE(0x031e, 4); // made by Unix
  record.writeUInt16LE(20, 6);
  record.writeUInt16LE(0x21, 14); // 1980-01-01
  record.writeUInt16LE(1, 28); // name length
  record.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  record.write('f', 46);
  const directory = Buffer.alloc(record.length * count);
  for (let i = 0; i < count; i += 1) record.copy(directory, i * record.length);
  // ZIP64 end of central directory record and locator: the count does not fit in 16 bits.
  const zip64 = Buffer.alloc(56);
  zip64.writeUInt32LE(0x06064b50, 0);
  zip64.writeBigUInt64LE(44n, 4);
  zip64.writeUInt16LE(45, 12);
  zip64.writeUInt16LE(45, 14);
  zip64.writeBigUInt64LE(BigInt(count), 24);
  zip64.writeBigUInt64LE(BigInt(count), 32);
  zip64.writeBigUInt64LE(BigInt(directory.length), 40);
  zip64.writeBigUInt64LE(0n, 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(directory.length), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([directory, zip64, locator, end]);
}

describe('verifying hostile or broken archives', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rgpd-verify-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const save = async (name: string, bytes: Buffer) => {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  };

  it('refuses ".." and absolute paths (zip-slip) before reading any entry', async () => {
    const slip = await save(
      'slip.zip',
      await zipBuffer(
        [{ name: 'bag/bagit.txt' }, { name: 'bag/data/xx/xx/evil.txt' }],
        [['bag/data/xx/xx/', 'bag/data/../../']],
      ),
    );
    expect(await verifyArchive(slip)).toMatchObject({
      valid: false,
      refused: true,
      problems: [{ code: 'unsafe_path', path: 'bag/data/../../evil.txt' }],
    });
    const absolute = await save(
      'absolute.zip',
      await zipBuffer([{ name: 'Xetc/cron.d/evil' }], [['Xetc/cron.d', '/etc/cron.d']]),
    );
    expect((await verifyArchive(absolute)).problems).toEqual([
      { code: 'unsafe_path', path: '/etc/cron.d/evil' },
    ]);
    const windows = await save(
      'windows.zip',
      await zipBuffer([{ name: 'bag/data/a_b.txt' }], [['a_b', '..\\']]),
    );
    expect((await verifyArchive(windows)).problems).toEqual([
      { code: 'unsafe_path', path: 'bag/data/..\\.txt' },
    ]);
    // Nothing was written next to the archives.
    expect((await readdir(dir)).sort()).toEqual(['absolute.zip', 'slip.zip', 'windows.zip']);
  });

  it('refuses symbolic links', async () => {
    const path = await save(
      'link.zip',
      await zipBuffer([
        { name: 'bag/bagit.txt' },
        { name: 'bag/data/link', bytes: Buffer.from('/etc/passwd'), mode: 0o120777 },
      ]),
    );
    expect(await verifyArchive(path)).toMatchObject({
      refused: true,
      problems: [{ code: 'symlink', path: 'bag/data/link' }],
    });
  });

  it('refuses a zip bomb: more than 20 times its own size uncompressed, or more than the absolute limit', async () => {
    const bomb = await save(
      'bomb.zip',
      await zipBuffer([{ name: 'bag/data/zeros.bin', bytes: Buffer.alloc(10 * 1024 * 1024) }]),
    );
    expect(await verifyArchive(bomb)).toMatchObject({ refused: true, problems: [{ code: 'too_large' }] });

    const summary = await writeBag(join(dir, 'Fine.zip'), SAMPLE_PAYLOAD);
    expect((await verifyArchive(summary.path)).valid).toBe(true);
    // The same archive against a lower absolute ceiling (20 GB cannot be tested on disk here).
    expect(await verifyArchive(summary.path, { ...VERIFY_LIMITS, maxTotalBytes: 1000 })).toMatchObject({
      refused: true,
      problems: [{ code: 'too_large' }],
    });
  });

  it('refuses more than 100,000 entries from the directory alone', async () => {
    const path = await save('many.zip', zipWithEntries(VERIFY_LIMITS.maxEntries + 1));
    const started = Date.now();
    expect(await verifyArchive(path)).toMatchObject({
      refused: true,
      problems: [{ code: 'too_many_entries' }],
      checks: [{ name: 'zip', passed: false, count: VERIFY_LIMITS.maxEntries + 1 }],
    });
    expect(Date.now() - started).toBeLessThan(5000);
    // Exactly the limit is not refused for its count (it is simply not a bag).
    const atLimit = await save('limit.zip', zipWithEntries(VERIFY_LIMITS.maxEntries));
    expect((await verifyArchive(atLimit)).problems.map((problem) => problem.code)).not.toContain(
      'too_many_entries',
    );
  });

  it('refuses duplicate entry names', async () => {
    const path = await save(
      'dup.zip',
      await zipBuffer(
        [{ name: 'bag/data/a.txt' }, { name: 'bag/data/b.txt' }],
        [['bag/data/b.txt', 'bag/data/a.txt']],
      ),
    );
    expect((await verifyArchive(path)).problems).toEqual([
      { code: 'duplicate_entry', path: 'bag/data/a.txt' },
    ]);
  });

  it('throws UnreadableArchiveError for a file that is not a ZIP', async () => {
    const path = await save('not.zip', Buffer.from('this is not a zip file at all, just text'));
    await expect(verifyArchive(path)).rejects.toBeInstanceOf(UnreadableArchiveError);
    await expect(verifyArchive(join(dir, 'missing.zip'))).rejects.toBeInstanceOf(UnreadableArchiveError);
  });

  it('says "not a bag" for a ZIP without one top-level folder holding bagit.txt', async () => {
    const path = await save('loose.zip', await zipBuffer([{ name: 'a.txt' }, { name: 'b/c.txt' }]));
    expect((await verifyArchive(path)).problems).toEqual([{ code: 'not_a_bag' }]);
    const noBagit = await save('nobagit.zip', await zipBuffer([{ name: 'bag/data/a.txt' }]));
    expect((await verifyArchive(noBagit)).problems).toEqual([{ code: 'not_a_bag' }]);
  });

  it('names a missing file, an unlisted file, a Payload-Oxum mismatch and a missing minisign signature', async () => {
    const summary = await writeBag(join(dir, 'Bag.zip'), SAMPLE_PAYLOAD);
    expect(run('unzip', ['-q', summary.path], dir).status).toBe(0);
    const bag = join(dir, 'Bag');
    const rezip = (name: string) => {
      expect(run('zip', ['-q', '-r', name, 'Bag'], dir).status).toBe(0);
      return join(dir, name);
    };

    await rm(join(bag, 'data', 'requests.json'));
    const missing = await verifyArchive(rezip('missing.zip'));
    expect(missing.problems).toEqual([
      { code: 'missing_file', path: 'data/requests.json' },
      { code: 'oxum_mismatch', path: 'bag-info.txt' },
    ]);
    expect(missing.checks.find((check) => check.name === 'minisign')?.passed).toBe(true);

    await writeFile(
      join(bag, 'data', 'requests.json'),
      JSON.stringify({ requests: [{ id: 1, name: 'Zoé' }] }),
    );
    await writeFile(join(bag, 'data', 'extra.txt'), 'slipped in\n');
    await writeFile(join(bag, 'notes.txt'), 'a tag file nobody listed\n');
    const unlisted = await verifyArchive(rezip('unlisted.zip'));
    expect(unlisted.problems).toEqual([
      { code: 'unlisted_file', path: 'data/extra.txt' },
      { code: 'oxum_mismatch', path: 'bag-info.txt' },
      { code: 'unlisted_file', path: 'notes.txt' },
    ]);

    await rm(join(bag, 'data', 'extra.txt'));
    await rm(join(bag, 'notes.txt'));
    await rm(join(bag, 'tagmanifest-sha256.txt.minisig'));
    await rm(join(bag, 'tagmanifest-sha256.txt.sig'));
    const unsigned = await verifyArchive(rezip('unsigned.zip'));
    expect(unsigned.problems).toEqual([
      { code: 'missing_signature', path: 'tagmanifest-sha256.txt.minisig', signature: 'minisign' },
    ]);
    // No SSH signature: not required, so not checked.
    expect(unsigned.checks.map((check) => check.name)).not.toContain('ssh');
  });

  it('names a signature made by another key than the one shipped', async () => {
    const first = await writeBag(join(dir, 'Bag.zip'), SAMPLE_PAYLOAD);
    expect(run('unzip', ['-q', first.path, '-d', 'one'], dir).status).toBe(0);
    const { generateEd25519 } = await import('../../../../../electron/services/archive/ed25519');
    const { minisignPublicKeyFile } = await import('../../../../../electron/services/archive/signatures');
    // An attacker swaps in their own public key: the tagmanifest line for minisign.pub breaks too.
    await writeFile(
      join(dir, 'one', 'Bag', 'minisign.pub'),
      minisignPublicKeyFile(generateEd25519().publicKey),
    );
    expect(run('zip', ['-q', '-r', '../swapped.zip', 'Bag'], join(dir, 'one')).status).toBe(0);
    const swapped = await verifyArchive(join(dir, 'swapped.zip'));
    expect(swapped.problems).toContainEqual({ code: 'changed_file', path: 'minisign.pub' });
    expect(swapped.problems).toContainEqual({
      code: 'bad_signature',
      path: 'tagmanifest-sha256.txt.minisig',
      signature: 'minisign',
    });
  });

  it('refuses a folder entry that carries data', async () => {
    const path = await save(
      'dirdata.zip',
      await zipBuffer(
        [{ name: 'bag/bagit.txt' }, { name: 'bag/data/hidden_', bytes: Buffer.from('secret bytes') }],
        [['bag/data/hidden_', 'bag/data/hidden/']],
      ),
    );
    expect(await verifyArchive(path)).toMatchObject({
      valid: false,
      refused: true,
      problems: [{ code: 'directory_with_data', path: 'bag/data/hidden/' }],
    });
  });

  it('names where a file and a folder collide', async () => {
    const fileAndFolder = await save(
      'collide.zip',
      await zipBuffer([{ name: 'bag/bagit.txt' }, { name: 'bag/data/a' }, { name: 'bag/data/a/b.txt' }]),
    );
    expect(await verifyArchive(fileAndFolder)).toMatchObject({
      valid: false,
      refused: true,
      problems: [{ code: 'path_collision', path: 'bag/data/a' }],
    });
    // A directory entry named like a file: the same collision.
    const entryAndFile = await save(
      'collide2.zip',
      await zipBuffer(
        [
          { name: 'bag/bagit.txt' },
          { name: 'bag/data/x.txt' },
          { name: 'bag/data/x.txtZ', bytes: Buffer.alloc(0), compress: false },
        ],
        [['bag/data/x.txtZ', 'bag/data/x.txt/']],
      ),
    );
    expect((await verifyArchive(entryAndFile)).problems).toEqual([
      { code: 'path_collision', path: 'bag/data/x.txt' },
    ]);
    // Empty folder entries alone are fine (zip -r writes them).
    const summary = await writeBag(join(dir, 'Fine.zip'), SAMPLE_PAYLOAD);
    expect(run('unzip', ['-q', summary.path], dir).status).toBe(0);
    expect(run('zip', ['-q', '-r', 'rezipped.zip', 'Fine'], dir).status).toBe(0);
    expect((await verifyArchive(join(dir, 'rezipped.zip'))).problems).toEqual([]);
  });
});
