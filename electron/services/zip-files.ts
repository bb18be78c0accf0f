/**
 * Packs files the renderer produced (a campaign's letters and e-mail list) into one ZIP in memory,
 * with yazl as the archive does: one time and one mode for every entry, PDFs stored as they are
 * (already compressed), the rest deflated. Names were checked by the contract (plain, unique).
 */
import { ZipFile } from 'yazl';
import { MAX_SAVE_BYTES } from '../../shared/ipc/contract';
import { decodeBase64Strict } from './attachments';
import { HandlerError } from './dispatch';

/** The letters hold personal data: readable by their owner only, wherever they are unpacked. */
const FILE_MODE = 0o100600;

export async function zipFiles(
  entries: readonly { name: string; dataBase64: string }[],
  now = new Date(),
): Promise<Buffer> {
  const files = entries.map((entry) => ({ name: entry.name, bytes: decodeBase64Strict(entry.dataBase64) }));
  const total = files.reduce((sum, file) => sum + file.bytes.length, 0);
  if (total > MAX_SAVE_BYTES) throw new HandlerError('too_large', 'errors.zipTooLarge');
  const zip = new ZipFile();
  for (const file of files)
    zip.addBuffer(file.bytes, file.name, {
      mtime: now,
      mode: FILE_MODE,
      compress: !file.name.toLowerCase().endsWith('.pdf'),
    });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
  zip.end();
  const bytes = await done;
  if (bytes.length > MAX_SAVE_BYTES) throw new HandlerError('too_large', 'errors.zipTooLarge');
  return bytes;
}
