/**
 * Writes a BagIt 1.0 bag (RFC 8493) as a deterministic ZIP, streaming: every byte is hashed on its
 * way into the ZIP, so memory stays flat whatever the size. The ZIP holds one folder named like the
 * file, entries in a fixed order (bagit.txt, the payload sorted by path, then the other tag files),
 * one timestamp and one mode for all, already-compressed files stored and the rest deflated; yazl
 * switches to ZIP64 by itself when sizes need it.
 *
 * The ZIP is written under a temporary name beside the final one and renamed only once complete and
 * flushed: a cancelled, failed or killed export never leaves a file under the final name.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open as openFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import {
  ALLOWED_SIGNERS,
  BAG_INFO,
  BAGIT_TXT,
  BAGIT_TXT_CONTENT,
  compareBagPaths,
  formatManifest,
  formatPayloadOxum,
  formatTagFile,
  isAlreadyCompressed,
  isSafeRelativePath,
  MANIFEST,
  MINISIG,
  MINISIGN_PUB,
  SSHSIG,
  TAGMANIFEST,
  VERIFY_TXT,
  type ManifestLine,
} from '../../../shared/archive/bagit';
import { HandlerError } from '../dispatch';
import { syncDirectory } from '../workspace';
import type { Ed25519KeyPair } from './ed25519';
import { verifyInstructions } from './instructions';
import { minisignSignature, oneLine, publicKeyFiles, sshSignature } from './signatures';

export type BagMetadata = {
  /** Used for the archive id in bag-info.txt and in the signed trusted comment. */
  archiveId: string;
  organisation: string;
  contactEmail: string;
  /** The export time: every ZIP timestamp, and the date in the trusted comment. */
  exportTime: Date;
  /** Bagging-Date (YYYY-MM-DD), the exporter's local day. */
  baggingDate: string;
  period: { from: string; to: string };
  /** Bag-Software-Agent, e.g. "RGPD Desk 0.1.0". */
  softwareAgent: string;
};

export type BagWriterOptions = {
  /** Where the finished ZIP goes; its name (without .zip) names the bag folder. */
  finalPath: string;
  metadata: BagMetadata;
  key: Ed25519KeyPair;
  signal?: AbortSignal;
};

export type BagSummary = {
  path: string;
  bagName: string;
  size: number;
  payloadFiles: number;
  payloadBytes: number;
  fingerprint: string;
  keyId: string;
};

/** A payload file being written chunk by chunk (IPC uploads). */
export type EntrySink = {
  write(chunk: Uint8Array): Promise<void>;
  end(): Promise<void>;
};

export type BagWriter = {
  /** Opens the next payload file (path relative to data/); paths must come in ascending byte order. */
  open(path: string, options?: { size?: number }): EntrySink;
  /** Adds a whole payload file from bytes, a stream or a file on disk. */
  add(
    path: string,
    source: Uint8Array | Readable | AsyncIterable<Uint8Array> | { file: string },
  ): Promise<void>;
  /**
   * Writes the tag files and signatures, flushes and renames to the final name. `extraTagFiles`
   * (name, text) are added at the bag's root, listed in tagmanifest and so signed.
   */
  finish(extraTagFiles?: ReadonlyArray<readonly [string, string]>): Promise<BagSummary>;
  /** Stops and removes the temporary file; the final name is never touched. Safe to call twice. */
  abort(): Promise<void>;
};

const FILE_MODE = 0o100644;
const ZIP_EXTENSION = /\.zip$/i;

export const bagError = (code: string, key: string): HandlerError => new HandlerError(code, key);

/**
 * yazl writes the DOS timestamp in the machine's local time. The instant is shifted so that the
 * local fields read the export time in UTC: the same export time gives the same bytes in any zone.
 */
export function dosTimestampFor(instant: Date): Date {
  let shifted = new Date(instant.getTime() + instant.getTimezoneOffset() * 60_000);
  shifted = new Date(instant.getTime() + shifted.getTimezoneOffset() * 60_000);
  return shifted;
}

export function bagNameOf(finalPath: string): string {
  return basename(finalPath).replace(ZIP_EXTENSION, '');
}

export function bagInfoText(metadata: BagMetadata, payloadBytes: number, payloadFiles: number): string {
  return formatTagFile([
    { name: 'Source-Organization', value: metadata.organisation },
    { name: 'Contact-Email', value: metadata.contactEmail },
    { name: 'Bagging-Date', value: metadata.baggingDate },
    { name: 'Payload-Oxum', value: formatPayloadOxum(payloadBytes, payloadFiles) },
    { name: 'Bag-Software-Agent', value: metadata.softwareAgent },
    { name: 'External-Identifier', value: metadata.archiveId },
    {
      name: 'External-Description',
      value: `Archive de conformité RGPD du ${metadata.period.from} au ${metadata.period.to} / GDPR compliance archive from ${metadata.period.from} to ${metadata.period.to}`,
    },
  ]);
}

/** The minisign trusted comment: signed, and printed by `minisign -V`. */
export function trustedComment(metadata: BagMetadata): string {
  return oneLine(
    `RGPD Desk archive ${metadata.archiveId} | ${metadata.organisation} | ${metadata.exportTime.toISOString()} | ${metadata.period.from}..${metadata.period.to}`,
  );
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function createBagWriter({ finalPath, metadata, key, signal }: BagWriterOptions): BagWriter {
  const bagName = bagNameOf(finalPath);
  if (!isSafeRelativePath(bagName) || bagName.includes('/')) {
    throw bagError('archive_bad_name', 'archive.errors.badName');
  }
  const tmpPath = join(dirname(finalPath), `.${bagName}.${process.pid}.${randomUUID()}.partial`);
  const mtime = dosTimestampFor(metadata.exportTime);
  const zip = new ZipFile();
  const internal = new AbortController();
  let failure: unknown = null;
  const fail = (error: unknown) => {
    failure ??= error;
    internal.abort(error);
  };
  zip.on('error', fail);
  const written = pipeline(zip.outputStream, createWriteStream(tmpPath, { flags: 'wx', mode: 0o600 }), {
    signal: internal.signal,
  });
  const removeTemp = () => rm(tmpPath, { force: true }).catch(() => {});
  // Whatever stops the ZIP (a failed write, yazl, an abort), the partial file goes with it.
  written.catch(async (error: unknown) => {
    fail(error);
    await removeTemp();
  });
  /** Rejects with the first failure; lets a wait for yazl end early when the export stops. */
  const stopped = new Promise<never>((_, reject) =>
    internal.signal.addEventListener('abort', () => reject(failure), { once: true }),
  );
  stopped.catch(() => {});

  const onAbort = () => void abort();

  const manifest: ManifestLine[] = [];
  let payloadBytes = 0;
  let lastPath: string | null = null;
  let current: PassThrough | null = null;
  let state: 'open' | 'finishing' | 'done' | 'aborted' = 'open';

  const check = () => {
    if (failure !== null) throw failure;
    if (state !== 'open') throw bagError('archive_closed', 'archive.errors.closed');
  };

  const entryOptions = (path: string, size?: number) => ({
    mtime,
    mode: FILE_MODE,
    compress: !isAlreadyCompressed(path),
    forceDosTimestamp: true,
    ...(size !== undefined ? { size } : {}),
  });

  const addTagFile = (name: string, text: string) => {
    zip.addBuffer(Buffer.from(text, 'utf8'), `${bagName}/${name}`, entryOptions(name));
  };
  addTagFile(BAGIT_TXT, BAGIT_TXT_CONTENT);

  /** Resolves once the stream can take more (or has been read to the end); rejects if the export stops. */
  const waitFor = (stream: PassThrough, event: 'drain' | 'end'): Promise<void> => {
    let listener = () => {};
    const ready = new Promise<void>((resolve) => {
      listener = resolve;
      stream.once(event, listener);
    });
    return Promise.race([ready, stopped]).finally(() => stream.off(event, listener));
  };

  const open = (path: string, options: { size?: number } = {}): EntrySink => {
    check();
    if (current) throw bagError('archive_entry_open', 'archive.errors.entryOpen');
    if (!isSafeRelativePath(path) || Buffer.byteLength(`${bagName}/data/${path}`) > 0xffff) {
      throw bagError('archive_bad_path', 'archive.errors.badPath');
    }
    if (lastPath !== null && compareBagPaths(lastPath, path) >= 0) {
      throw bagError('archive_order', 'archive.errors.order');
    }
    lastPath = path;
    const stream = new PassThrough();
    current = stream;
    const hash = createHash('sha256');
    let size = 0;
    zip.addReadStreamLazy(`${bagName}/data/${path}`, entryOptions(path, options.size), (cb) =>
      cb(null, stream),
    );
    let ended = false;
    return {
      async write(chunk) {
        check();
        if (ended || current !== stream) throw bagError('archive_closed', 'archive.errors.closed');
        hash.update(chunk);
        size += chunk.length;
        if (!stream.write(chunk)) await waitFor(stream, 'drain');
      },
      async end() {
        check();
        if (ended) return;
        ended = true;
        manifest.push({ hash: hash.digest('hex'), path: `data/${path}` });
        payloadBytes += size;
        current = null;
        const finished = waitFor(stream, 'end');
        stream.end();
        // Wait until yazl has read the whole entry, so a failure belongs to this file.
        await finished;
        check();
      },
    };
  };

  let aborting: Promise<void> | null = null;
  const abort = (): Promise<void> => {
    if (state === 'done') return Promise.resolve();
    aborting ??= (async () => {
      state = 'aborted';
      signal?.removeEventListener('abort', onAbort);
      fail(new HandlerError('archive_cancelled', 'archive.errors.cancelled'));
      current?.destroy();
      await written.catch(() => {});
      await removeTemp();
    })();
    return aborting;
  };

  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });

  return {
    open,

    async add(path, source) {
      const size = source instanceof Uint8Array ? source.length : undefined;
      const sink = open(path, size !== undefined ? { size } : {});
      try {
        if (source instanceof Uint8Array) {
          await sink.write(source);
        } else {
          const input: AsyncIterable<Uint8Array> = 'file' in source ? createReadStream(source.file) : source;
          for await (const chunk of input) await sink.write(chunk);
        }
        await sink.end();
      } catch (error) {
        fail(error);
        throw error;
      }
    },

    async finish(extraTagFiles = []) {
      check();
      if (current) throw bagError('archive_entry_open', 'archive.errors.entryOpen');
      state = 'finishing';
      try {
        const keys = publicKeyFiles(key.publicKey);
        const tagFiles: Array<[string, string]> = [
          [BAG_INFO, bagInfoText(metadata, payloadBytes, manifest.length)],
          [MANIFEST, formatManifest(manifest)],
          [VERIFY_TXT, verifyInstructions(bagName, keys.fingerprint, keys.keyId)],
          [MINISIGN_PUB, keys.minisignPub],
          [ALLOWED_SIGNERS, keys.allowedSigners],
          ...extraTagFiles.map(([name, text]): [string, string] => [name, text]),
        ];
        const tagmanifest = formatManifest(
          [[BAGIT_TXT, BAGIT_TXT_CONTENT] as [string, string], ...tagFiles].map(([path, text]) => ({
            path,
            hash: sha256(Buffer.from(text, 'utf8')),
          })),
        );
        const signed = Buffer.from(tagmanifest, 'utf8');
        tagFiles.push(
          [TAGMANIFEST, tagmanifest],
          [MINISIG, minisignSignature(key, signed, trustedComment(metadata))],
          [SSHSIG, sshSignature(key, signed)],
        );
        tagFiles.sort(([a], [b]) => compareBagPaths(a, b));
        for (const [name, text] of tagFiles) addTagFile(name, text);
        zip.end();
        await written;
        if (failure !== null) throw failure;
        // Flushed before the rename, so the final name never points at a half-written file.
        const handle = await openFile(tmpPath, 'r+');
        let size: number;
        try {
          await handle.sync();
          size = (await handle.stat()).size;
        } finally {
          await handle.close();
        }
        await rename(tmpPath, finalPath);
        await syncDirectory(dirname(finalPath));
        state = 'done';
        signal?.removeEventListener('abort', onAbort);
        return {
          path: finalPath,
          bagName,
          size,
          payloadFiles: manifest.length,
          payloadBytes,
          fingerprint: keys.fingerprint,
          keyId: keys.keyId,
        };
      } catch (error) {
        fail(error);
        await abort();
        throw failure ?? error;
      }
    },

    abort,
  };
}
