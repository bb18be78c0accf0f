/** Shared by the archive tests: a key, metadata, a small bag on disk, the command-line tools. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { Readable } from 'node:stream';
import {
  createBagWriter,
  type BagMetadata,
  type BagSummary,
} from '../../../../../electron/services/archive/bag-writer';
import { generateEd25519, type Ed25519KeyPair } from '../../../../../electron/services/archive/ed25519';

export const KEY: Ed25519KeyPair = generateEd25519();

export const METADATA: BagMetadata = {
  archiveId: '01968a4e-1f00-7000-8000-000000000001',
  organisation: 'Boulangerie Dupré',
  contactEmail: 'contact@dupre.example',
  exportTime: new Date('2026-05-04T09:30:00Z'),
  baggingDate: '2026-05-04',
  period: { from: '2026-01-01', to: '2026-04-30' },
  softwareAgent: 'RGPD Desk 0.1.0',
};

/** A minimal PDF-looking file: stored, not deflated. */
export const PDF_BYTES = Buffer.concat([
  Buffer.from('%PDF-1.4\n'),
  Buffer.alloc(4000, 7),
  Buffer.from('\n%%EOF\n'),
]);

export type PayloadFile = { path: string; bytes: Buffer };

export const SAMPLE_PAYLOAD: PayloadFile[] = [
  { path: 'attachments/report scan.pdf', bytes: PDF_BYTES },
  { path: 'consents.csv', bytes: Buffer.from('\uFEFFid;purpose\r\n1;newsletter\r\n'.repeat(50)) },
  { path: 'requests.json', bytes: Buffer.from(JSON.stringify({ requests: [{ id: 1, name: 'Zoé' }] })) },
  { path: 'équipe/accents é à ü.txt', bytes: Buffer.from('accents\n') },
];

/** Writes `files` (sorted here) as a bag; chunked sources exercise the streaming path. */
export async function writeBag(
  finalPath: string,
  files: readonly PayloadFile[],
  metadata: BagMetadata = METADATA,
  chunkSize = 1000,
  key: Ed25519KeyPair = KEY,
  extraTagFiles: ReadonlyArray<readonly [string, string]> = [],
): Promise<BagSummary> {
  const writer = createBagWriter({ finalPath, metadata, key });
  const sorted = [...files].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  for (const file of sorted) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < file.bytes.length; i += chunkSize) chunks.push(file.bytes.subarray(i, i + chunkSize));
    await writer.add(file.path, Readable.from(chunks));
  }
  return writer.finish(extraTagFiles);
}

export const hasTool = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

export function run(command: string, args: string[], cwd: string, input?: Buffer): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', ...(input ? { input } : {}) });
}
