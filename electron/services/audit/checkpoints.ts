/**
 * Signed checkpoints of this device's audit chain head, kept on the Node side.
 *
 * Why a key of its own, here: the audit chain lives in IndexedDB, which whoever sits at the app (or
 * the browser's developer tools) can edit. The organisation's archive key cannot sign checkpoints —
 * it is sealed by a passphrase in the browser host and nobody types it at every sync push. So each
 * data folder gets its own Ed25519 checkpoint key, made on first use:
 *
 *   <dataDir>/audit/checkpoint-key.json   the key, sealed by the OS keystore where it really encrypts,
 *                                         else kept in this file, readable by this user only (0600)
 *   <dataDir>/audit/checkpoints.jsonl     one signed checkpoint per line, append-only (0600)
 *
 * The renderer can ask for a checkpoint of any head, but the key only signs a head that moves the
 * chain forward: a head behind the latest checkpoint, or at the same number with another hash, is
 * refused and reported. A checkpoint never leaves this folder unsigned, and the renderer never sees
 * the key, so editing the database cannot rewrite what was signed. What it does not prove: someone
 * who can read and write this data folder (the same user account, without a keystore) can do
 * anything this code can.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  CHECKPOINT_GENESIS,
  checkpointDigest,
  checkpointMessage,
  signedCheckpointSchema,
  type ArchiveCheckpoints,
  type Checkpoint,
  type CheckpointHead,
  type SignedCheckpoint,
} from '../../../shared/audit/checkpoint';
import type { KeySealer } from '../archive/keys';
import {
  generateEd25519,
  keyFingerprint,
  publicKeyOfSeed,
  signEd25519,
  verifyEd25519,
} from '../archive/ed25519';
import { syncDirectory } from '../workspace';

export type CheckpointProtection = 'os' | 'file';
export type CheckpointKeyInfo = { publicKey: string; fingerprint: string; protection: CheckpointProtection };
export type CheckpointOutcome = {
  /** signed: a new checkpoint; unchanged: the head was already signed; behind / diverged: refused. */
  status: 'signed' | 'unchanged' | 'behind' | 'diverged';
  latest: SignedCheckpoint | null;
};
export type CheckpointList = {
  key: CheckpointKeyInfo | null;
  checkpoints: SignedCheckpoint[];
  /** Lines that do not parse, whose signature fails, or that do not follow the one before. */
  invalid: number;
};

const keyFileSchema = z.discriminatedUnion('protection', [
  z.object({ version: z.literal(1), protection: z.literal('os'), publicKey: z.string(), sealed: z.string() }),
  z.object({ version: z.literal(1), protection: z.literal('file'), publicKey: z.string(), seed: z.string() }),
]);

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** Written whole and renamed into place, readable by this user only from the first byte. */
async function writePrivateFile(path: string, text: string): Promise<void> {
  const tmp = `${path}.${randomUUID()}.tmp`;
  try {
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await syncDirectory(join(path, '..'));
}

export class CheckpointKeyError extends Error {
  constructor(readonly code: 'checkpoint_key_corrupt' | 'checkpoint_key_unavailable') {
    super(code);
  }
}

export type CheckpointStore = ReturnType<typeof createCheckpointStore>;

export function createCheckpointStore(
  dataDir: string,
  options: { sealer?: KeySealer | undefined; now?: () => Date; log?: (message: string) => void } = {},
) {
  const dir = join(dataDir, 'audit');
  const keyFile = join(dir, 'checkpoint-key.json');
  const logFile = join(dir, 'checkpoints.jsonl');
  const now = options.now ?? (() => new Date());
  let pair: { seed: Buffer; publicKey: Buffer; protection: CheckpointProtection } | null = null;
  /** The latest valid checkpoint of each device, read once: a sync pass asks every 30 seconds. */
  let latestByDevice: Map<string, SignedCheckpoint> | null = null;
  /** Checkpoints are appended one at a time, in the order asked. */
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => {});
    return next;
  };

  const readKeyFile = async () => {
    let text: string;
    try {
      text = await readFile(keyFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = keyFileSchema.safeParse(parseJson(text));
    if (!parsed.success) throw new CheckpointKeyError('checkpoint_key_corrupt');
    return parsed.data;
  };

  const keyInfo = (publicKey: Buffer, protection: CheckpointProtection): CheckpointKeyInfo => ({
    publicKey: publicKey.toString('base64'),
    fingerprint: keyFingerprint(publicKey),
    protection,
  });

  /** The key pair, made on first use. */
  const unlock = async () => {
    if (pair) return pair;
    const stored = await readKeyFile();
    if (stored) {
      const publicKey = Buffer.from(stored.publicKey, 'base64');
      let seed: Buffer;
      if (stored.protection === 'os') {
        if (!options.sealer?.available()) throw new CheckpointKeyError('checkpoint_key_unavailable');
        try {
          seed = options.sealer.unseal(Buffer.from(stored.sealed, 'base64'));
        } catch {
          throw new CheckpointKeyError('checkpoint_key_unavailable');
        }
      } else {
        seed = Buffer.from(stored.seed, 'base64');
      }
      if (seed.length !== 32 || !publicKeyOfSeed(seed).equals(publicKey)) {
        throw new CheckpointKeyError('checkpoint_key_corrupt');
      }
      pair = { seed, publicKey, protection: stored.protection };
      return pair;
    }
    const made = generateEd25519();
    const sealer = options.sealer?.available() ? options.sealer : null;
    const file = sealer
      ? {
          version: 1,
          protection: 'os',
          publicKey: made.publicKey.toString('base64'),
          sealed: sealer.seal(made.seed).toString('base64'),
        }
      : {
          version: 1,
          protection: 'file',
          publicKey: made.publicKey.toString('base64'),
          seed: made.seed.toString('base64'),
        };
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writePrivateFile(keyFile, `${JSON.stringify(file, null, 2)}\n`);
    pair = { ...made, protection: sealer ? 'os' : 'file' };
    return pair;
  };

  const readLines = async (): Promise<string[]> => {
    try {
      return (await readFile(logFile, 'utf8')).split('\n').filter((line) => line.trim() !== '');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  };

  /** Every checkpoint whose signature verifies and that follows the one before it on its device. */
  const list = async (deviceId?: string): Promise<CheckpointList> => {
    const stored = await readKeyFile().catch(() => null);
    const lines = await readLines();
    if (!stored) return { key: null, checkpoints: [], invalid: lines.length };
    const publicKey = Buffer.from(stored.publicKey, 'base64');
    const checkpoints: SignedCheckpoint[] = [];
    const last = new Map<string, string>();
    let invalid = 0;
    for (const line of lines) {
      const parsed = signedCheckpointSchema.safeParse(parseJson(line));
      if (!parsed.success) {
        invalid += 1;
        continue;
      }
      const { signature, ...checkpoint } = parsed.data;
      const signed = verifyEd25519(
        publicKey,
        Buffer.from(checkpointMessage(checkpoint), 'utf8'),
        Buffer.from(signature, 'base64'),
      );
      if (!signed || checkpoint.prev !== (last.get(checkpoint.deviceId) ?? CHECKPOINT_GENESIS)) {
        invalid += 1;
        continue;
      }
      last.set(checkpoint.deviceId, checkpointDigest(checkpoint));
      if (deviceId === undefined || checkpoint.deviceId === deviceId) checkpoints.push(parsed.data);
    }
    return { key: keyInfo(publicKey, stored.protection), checkpoints, invalid };
  };

  const append = async (line: string) => {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const handle = await open(logFile, 'a', 0o600);
    try {
      await handle.write(`${line}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  };

  const sign = (head: CheckpointHead): Promise<CheckpointOutcome> =>
    serial(async () => {
      const key = await unlock();
      if (!latestByDevice) {
        latestByDevice = new Map();
        for (const checkpoint of (await list()).checkpoints)
          latestByDevice.set(checkpoint.deviceId, checkpoint);
      }
      const latest = latestByDevice.get(head.deviceId) ?? null;
      if (latest && head.seq < latest.seq) {
        options.log?.(`audit checkpoint refused: head ${head.seq} is behind checkpoint ${latest.seq}`);
        return { status: 'behind', latest };
      }
      if (latest && head.seq === latest.seq) {
        if (head.hash === latest.hash) return { status: 'unchanged', latest };
        options.log?.(`audit checkpoint refused: entry ${head.seq} differs from its checkpoint`);
        return { status: 'diverged', latest };
      }
      if (head.seq === 0) return { status: 'unchanged', latest };
      const checkpoint: Checkpoint = {
        deviceId: head.deviceId,
        seq: head.seq,
        hash: head.hash,
        entryAt: head.entryAt,
        at: now().toISOString(),
        prev: latest ? checkpointDigest(latest) : CHECKPOINT_GENESIS,
      };
      const signature = signEd25519(key, Buffer.from(checkpointMessage(checkpoint), 'utf8')).toString(
        'base64',
      );
      const signed: SignedCheckpoint = { ...checkpoint, signature };
      await append(JSON.stringify(signed));
      latestByDevice.set(head.deviceId, signed);
      return { status: 'signed', latest: signed };
    });

  /** What an archive carries: every valid checkpoint of every device of this folder. */
  const forArchive = async (range: { start: string; end: string }): Promise<ArchiveCheckpoints> => {
    const { key, checkpoints } = await list();
    const byDevice = new Map<string, SignedCheckpoint[]>();
    for (const checkpoint of checkpoints) {
      const list = byDevice.get(checkpoint.deviceId) ?? [];
      list.push(checkpoint);
      byDevice.set(checkpoint.deviceId, list);
    }
    return {
      version: 1,
      range,
      devices: key
        ? [...byDevice].map(([deviceId, list]) => ({
            deviceId,
            publicKey: key.publicKey,
            fingerprint: key.fingerprint,
            checkpoints: list,
          }))
        : [],
    };
  };

  return {
    sign,
    list,
    forArchive,
    async key(): Promise<CheckpointKeyInfo> {
      const { publicKey, protection } = await unlock();
      return keyInfo(publicKey, protection);
    },
  };
}
