import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT, main } from '../../../../../electron/verify/cli';
import { cliLocale } from '../../../../../electron/verify/messages';
import { run, SAMPLE_PAYLOAD, writeBag } from './helpers';

describe('the command-line verifier', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rgpd-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const capture = async (argv: string[], env: NodeJS.ProcessEnv = { LANG: 'en_GB.UTF-8' }) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (text) => out.push(text), err: (text) => err.push(text), env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('exits 0 for a valid archive signed by the pinned key and prints every check and the key', async () => {
    const summary = await writeBag(join(dir, 'Bag.zip'), SAMPLE_PAYLOAD);
    const result = await capture(['--fingerprint', summary.fingerprint, summary.path]);
    expect(result.code).toBe(EXIT.valid);
    expect(result.out).toContain('[OK] Signing key is the pinned key');
    expect(result.out).toContain('[OK] Payload against manifest-sha256.txt — 4 files');
    expect(result.out).toContain('[OK] minisign signature of tagmanifest-sha256.txt');
    expect(result.out).toContain('[OK] SSH signature of tagmanifest-sha256.txt');
    expect(result.out).toContain(`Signing key: ${summary.fingerprint}`);
    expect(result.out).toMatch(/VALID: /);
  });

  it('exits 1 for a changed archive and names the problem, in French when LANG says so', async () => {
    const summary = await writeBag(join(dir, 'Bag.zip'), SAMPLE_PAYLOAD);
    expect(run('unzip', ['-q', summary.path], dir).status).toBe(0);
    await writeFile(join(dir, 'Bag', 'data', 'consents.csv'), 'changed');
    expect(run('zip', ['-q', '-r', 'changed.zip', 'Bag'], dir).status).toBe(0);
    const result = await capture([join(dir, 'changed.zip')], { LANG: 'fr_FR.UTF-8' });
    expect(result.code).toBe(EXIT.invalid);
    expect(result.out).toContain('[ÉCHEC] Contenu comparé à manifest-sha256.txt');
    expect(result.out).toContain('- fichier modifié (empreinte différente) : data/consents.csv');
    expect(result.out).toContain('INVALIDE');
  });

  it('exits 2 for a file that is not a readable ZIP, and for a wrong command line', async () => {
    await writeFile(join(dir, 'junk.zip'), 'not a zip');
    expect((await capture([join(dir, 'junk.zip')])).code).toBe(EXIT.unreadable);
    expect((await capture([])).err).toContain('Usage');
    expect((await capture([])).code).toBe(EXIT.unreadable);
  });

  it('resolves a relative path from the folder `npm run verify` was started in', async () => {
    const summary = await writeBag(join(dir, 'Bag.zip'), SAMPLE_PAYLOAD);
    const result = await capture(['Bag.zip'], { npm_lifecycle_event: 'verify', INIT_CWD: dir });
    expect(result.code).toBe(EXIT.notPinned);
    expect(result.out).toContain(summary.path);
  });

  it('follows LC_ALL, LC_MESSAGES then LANG', () => {
    expect(cliLocale({ LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(cliLocale({ LC_ALL: 'en_US.UTF-8', LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(cliLocale({})).toBe('en');
  });
});
