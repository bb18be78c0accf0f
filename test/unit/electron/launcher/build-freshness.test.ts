import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BUILD_OUTPUTS,
  checkBuild,
  decideFreshness,
} from '../../../../electron/launcher/build-freshness.mjs';

describe('decideFreshness', () => {
  it('is fresh only when every output is newer than the newest source', () => {
    expect(decideFreshness({ newestSourceMs: 100, outputMs: [200, 150] })).toEqual({
      fresh: true,
      reason: 'fresh',
    });
    expect(decideFreshness({ newestSourceMs: 160, outputMs: [200, 150] }).reason).toBe('changed');
    expect(decideFreshness({ newestSourceMs: 150, outputMs: [200, 150] }).fresh).toBe(false); // a tie
    expect(decideFreshness({ newestSourceMs: 0, outputMs: [200, null] }).reason).toBe('missing');
    expect(decideFreshness({ newestSourceMs: 0, outputMs: [] }).reason).toBe('missing');
  });
});

describe('checkBuild', () => {
  let root: string;
  const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
  const put = async (path: string, seconds: number) => {
    const file = join(root, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, 'x');
    await utimes(file, at(seconds), at(seconds));
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'rgpd-build-fresh-'));
    await put('renderer/src/app/App.tsx', 10);
    await put('shared/deadlines/deadline.ts', 10);
    await put('electron/web/cli.ts', 10);
    await put('package-lock.json', 10);
    for (const output of BUILD_OUTPUTS) await put(output, 20);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('skips the build when out/ is newer than every source', async () => {
    expect(await checkBuild(root)).toEqual({ fresh: true, reason: 'fresh' });
  });

  it('rebuilds after a source edit deep in a folder, or a new package-lock.json', async () => {
    await put('renderer/src/features/archive/ArchiveScreen.tsx', 30);
    expect((await checkBuild(root)).reason).toBe('changed');
    await put('renderer/src/features/archive/ArchiveScreen.tsx', 5);
    expect((await checkBuild(root)).fresh).toBe(true);
    await put('package-lock.json', 25);
    expect((await checkBuild(root)).reason).toBe('changed');
  });

  it('rebuilds when one build target is missing or older than the sources', async () => {
    await rm(join(root, 'out/preload/index.cjs'));
    expect((await checkBuild(root)).reason).toBe('missing');
    await put('out/preload/index.cjs', 5);
    expect((await checkBuild(root)).reason).toBe('changed');
  });

  it('ignores node_modules inside source folders', async () => {
    await put('renderer/node_modules/some/file.js', 99);
    expect((await checkBuild(root)).fresh).toBe(true);
  });
});
