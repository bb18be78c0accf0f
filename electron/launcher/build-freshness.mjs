/**
 * Is the build in out/ up to date? `npm run web` builds only when it is not: a source file, the
 * build configuration or package-lock.json changed after the last build, or a build output is missing.
 * Plain JavaScript because it runs before anything is compiled.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What the build reads: every file under these folders, and these files. */
export const SOURCE_DIRS = ['electron', 'renderer', 'shared'];
export const SOURCE_FILES = [
  'package.json',
  'package-lock.json',
  'electron.vite.config.ts',
  'tsconfig.json',
  'tsconfig.base.json',
  'tsconfig.node.json',
  'tsconfig.web.json',
];
/** One file per build target; each is rewritten by every build. */
export const BUILD_OUTPUTS = ['out/main/web-host.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

/**
 * Pure decision: fresh when every output exists and the oldest one is newer than the newest source.
 * A tie counts as stale (file systems with a coarse clock could hide an edit made in the same tick).
 * @param {{ newestSourceMs: number, outputMs: (number | null)[] }} times
 * @returns {{ fresh: boolean, reason: 'missing' | 'changed' | 'fresh' }}
 */
export function decideFreshness({ newestSourceMs, outputMs }) {
  if (outputMs.length === 0 || outputMs.some((ms) => ms === null)) return { fresh: false, reason: 'missing' };
  const oldestOutput = Math.min(.../** @type {number[]} */ (outputMs));
  return oldestOutput > newestSourceMs
    ? { fresh: true, reason: 'fresh' }
    : { fresh: false, reason: 'changed' };
}

/** @param {string} path */
async function mtimeOrNull(path) {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
}

/** @param {string} dir @returns {Promise<number>} */
async function newestUnder(dir) {
  let newest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') newest = Math.max(newest, await newestUnder(path));
    } else if (entry.isFile()) {
      newest = Math.max(newest, (await mtimeOrNull(path)) ?? 0);
    }
  }
  return newest;
}

/**
 * @param {string} root the project folder
 * @returns {Promise<{ fresh: boolean, reason: 'missing' | 'changed' | 'fresh' }>}
 */
export async function checkBuild(root) {
  let newestSourceMs = 0;
  for (const dir of SOURCE_DIRS)
    newestSourceMs = Math.max(newestSourceMs, await newestUnder(join(root, dir)));
  for (const file of SOURCE_FILES)
    newestSourceMs = Math.max(newestSourceMs, (await mtimeOrNull(join(root, file))) ?? 0);
  const outputMs = await Promise.all(BUILD_OUTPUTS.map((file) => mtimeOrNull(join(root, file))));
  return decideFreshness({ newestSourceMs, outputMs });
}
