/**
 * The archive's Node side alone in its own process, so that its peak memory is its own: the
 * benchmark (archive.bench.ts) bundles this file and runs it with `node`. It prints one JSON line.
 *
 *   export <job.json>   an export session as the IPC handlers drive it (begin, every data file in
 *                       IPC-sized base64 chunks, every attachment from the store, finish)
 *   verify <zip>        the app's verifier over a finished archive
 *   unlock <dir>        a passphrase-sealed key made then unlocked (the browser host's scrypt)
 */
import { open, readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { ARCHIVE_CHUNK_BYTES } from '../../shared/ipc/contract';
import { createArchiveService, type ArchiveBegin } from '../../electron/services/archive/service';
import { createKeyStore, type KeySealer } from '../../electron/services/archive/keys';
import { verifyArchive } from '../../electron/services/archive/verify';
import { createAttachmentStore, decodeBase64Strict } from '../../electron/services/attachments';

export type ExportJob = {
  dataDir: string;
  zipPath: string;
  begin: ArchiveBegin;
  /** In bag order: a data file read from disk, or an attachment named by hash in the store. */
  files: Array<{ path: string; file: string } | { path: string; hash: string }>;
};

export type ChildReport = {
  ms: number;
  /** Time the child spent making base64 (the renderer's share of the IPC), left out of `ms`. */
  encodeMs: number;
  maxRssBytes: number;
  peakHeapBytes: number;
  peakExternalBytes: number;
  detail: Record<string, unknown>;
};

/** Highest JS heap and off-heap buffer use seen; maxRSS comes from the kernel at the end. */
function sampleMemory() {
  let heap = 0;
  let external = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    heap = Math.max(heap, usage.heapUsed);
    external = Math.max(external, usage.external + usage.arrayBuffers);
  };
  const timer = setInterval(sample, 20);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakHeapBytes: heap, peakExternalBytes: external };
    },
  };
}

/**
 * Stands in for Electron's safeStorage on a desktop with a keyring: the seal is the OS's business and
 * costs nothing measurable here, unlike the passphrase path measured by `unlock`.
 */
const osKeystore: KeySealer = { available: () => true, seal: (plain) => plain, unseal: (sealed) => sealed };

async function runExport(job: ExportJob) {
  const archive = createArchiveService({
    dataDir: job.dataDir,
    keys: createKeyStore(job.dataDir, { sealer: osKeystore }),
    attachments: createAttachmentStore(job.dataDir),
    softwareAgent: 'RGPD Desk bench',
    chooseDestination: async () => job.zipPath,
  });
  let encodeMs = 0;
  const buffer = Buffer.alloc(ARCHIVE_CHUNK_BYTES);
  const start = performance.now();
  const begun = await archive.begin(job.begin);
  if (begun.id === null) throw new Error('export not started');
  const id = begun.id;
  for (const entry of job.files) {
    if ('hash' in entry) {
      await archive.attach(id, entry.path, entry.hash);
      continue;
    }
    const handle = await open(entry.file, 'r');
    try {
      const { size } = await handle.stat();
      let offset = 0;
      do {
        const { bytesRead } = await handle.read(buffer, 0, ARCHIVE_CHUNK_BYTES, offset);
        offset += bytesRead;
        const encodeStart = performance.now();
        const base64 = buffer.toString('base64', 0, bytesRead);
        encodeMs += performance.now() - encodeStart;
        // What the 'archive:add' handler does with a chunk.
        await archive.add(id, entry.path, decodeBase64Strict(base64), offset >= size);
      } while (offset < size);
    } finally {
      await handle.close();
    }
  }
  const finished = await archive.finish(id);
  return { ms: performance.now() - start - encodeMs, encodeMs, detail: finished };
}

async function runVerify(zip: string) {
  const start = performance.now();
  const verification = await verifyArchive(zip);
  return {
    ms: performance.now() - start,
    encodeMs: 0,
    detail: {
      valid: verification.valid,
      payloadFiles: verification.payloadFiles,
      payloadBytes: verification.payloadBytes,
      problems: verification.problems.length,
    },
  };
}

async function runUnlock(dir: string) {
  const keys = createKeyStore(dir);
  const passphrase = 'benchmark passphrase';
  const createStart = performance.now();
  await keys.create(passphrase);
  const createMs = performance.now() - createStart;
  const start = performance.now();
  await keys.unlock(passphrase);
  return { ms: performance.now() - start, encodeMs: 0, detail: { createMs } };
}

async function main() {
  const [mode, argument] = process.argv.slice(2);
  if (!argument) throw new Error('usage: archive-child <export|verify|unlock> <argument>');
  const memory = sampleMemory();
  let result: { ms: number; encodeMs: number; detail: Record<string, unknown> };
  if (mode === 'export') {
    result = await runExport(JSON.parse(await readFile(argument, 'utf8')) as ExportJob);
  } else if (mode === 'verify') result = await runVerify(argument);
  else if (mode === 'unlock') result = await runUnlock(argument);
  else throw new Error(`unknown mode ${mode}`);
  const report: ChildReport = {
    ...result,
    ...memory.stop(),
    // resourceUsage().maxRSS is in kilobytes.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
