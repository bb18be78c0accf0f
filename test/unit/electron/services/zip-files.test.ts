import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipFiles } from '../../../../electron/services/zip-files';
import { contract } from '../../../../shared/ipc/contract';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('zip:build', () => {
  it('packs the files under their names, readable by unzip', async (context) => {
    const zip = await zipFiles([
      { name: '001-Martin.pdf', dataBase64: b64('%PDF-1.3 Martin') },
      { name: 'emails-brevo.csv', dataBase64: b64('EMAIL\na@x.fr\n') },
    ]);
    expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    if (spawnSync('unzip', ['-v']).error) context.skip('unzip not installed');
    const dir = mkdtempSync(join(tmpdir(), 'zip-files-'));
    try {
      writeFileSync(join(dir, 'c.zip'), zip);
      const out = join(dir, 'out');
      expect(spawnSync('unzip', ['-q', join(dir, 'c.zip'), '-d', out]).status).toBe(0);
      expect(readdirSync(out).sort()).toEqual(['001-Martin.pdf', 'emails-brevo.csv']);
      expect(readFileSync(join(out, '001-Martin.pdf'), 'latin1')).toBe('%PDF-1.3 Martin');
      // The letters hold personal data: their owner only.
      expect(statSync(join(out, '001-Martin.pdf')).mode & 0o077).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses folder names, traversal, odd characters and duplicate names before anything is packed', () => {
    const input = contract['zip:build'].input;
    const ok = { name: 'a.pdf', dataBase64: b64('x') };
    expect(input.safeParse({ entries: [ok] }).success).toBe(true);
    for (const name of ['../a.pdf', 'a/b.pdf', 'a\\b.pdf', '.hidden', 'C:x.pdf', 'é.pdf', 'a.pdf\u0000', ''])
      expect(input.safeParse({ entries: [{ ...ok, name }] }).success, JSON.stringify(name)).toBe(false);
    expect(input.safeParse({ entries: [ok, { ...ok, name: 'A.PDF' }] }).success).toBe(false);
    expect(input.safeParse({ entries: [] }).success).toBe(false);
    expect(input.safeParse({ entries: [{ ...ok, dataBase64: 'not base64!' }] }).success).toBe(false);
  });

  it('refuses base64 that does not decode exactly', async () => {
    await expect(zipFiles([{ name: 'a.pdf', dataBase64: 'QQ=x' }])).rejects.toMatchObject({
      code: 'invalid_payload',
    });
  });
});
