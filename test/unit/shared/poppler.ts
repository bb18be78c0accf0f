/**
 * The PDF tests read their output back with poppler-utils (pdftotext, pdfinfo), a Debian package CI
 * installs. Without it, a test says so and is skipped (never counted as passed).
 */
import { spawnSync } from 'node:child_process';

/** Skip the running test, with its reason printed, when pdftotext is not installed. */
export function skipWithoutPdftotext(context: { skip(note?: string): void }, what = 'extra PDF check'): void {
  if (!spawnSync('pdftotext', ['-v']).error) return;
  const reason = `pdftotext not installed (Debian package poppler-utils): ${what} skipped`;
  console.warn(reason);
  context.skip(reason);
}
