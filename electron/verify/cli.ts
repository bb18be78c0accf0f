#!/usr/bin/env node
/**
 * `npm run verify -- <archive.zip>` (built as out/main/verify.js, also the package's `bin`): the same
 * verifier as the app's Verify screen. Exit 0 when the bag is valid and every signature present
 * verifies (minisign required), 1 when it is not, 2 when the file is not a readable ZIP.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Verification } from '../../shared/archive/verification';
import { UnreadableArchiveError, verifyArchive } from '../services/archive/verify';
import { CLI_MESSAGES, cliLocale, type CliLocale } from './messages';

export const EXIT = { valid: 0, invalid: 1, unreadable: 2 } as const;

export function formatVerification(path: string, verification: Verification, locale: CliLocale): string {
  const m = CLI_MESSAGES[locale];
  const lines = [m.title, `${m.archive}${path}`, ''];
  for (const check of verification.checks) {
    const count = m.count[check.name](check.count);
    lines.push(
      `  [${check.passed ? m.passed : m.failed}] ${m.checks[check.name]}${count ? ` — ${count}` : ''}`,
    );
  }
  if (verification.key) lines.push('', m.key(verification.key.fingerprint, verification.key.keyId));
  if (verification.trustedComment !== null) lines.push(`${m.trustedComment}${verification.trustedComment}`);
  if (verification.problems.length > 0) {
    lines.push('', m.problems);
    if (verification.refused) lines.push(`  ${m.refused}`);
    for (const problem of verification.problems) {
      const what = problem.signature
        ? `${m.problem[problem.code]} (${m[problem.signature]})`
        : m.problem[problem.code];
      lines.push(
        `  - ${what}${problem.path !== undefined ? `${m.colon}${JSON.stringify(problem.path).slice(1, -1)}` : ''}`,
      );
    }
  }
  lines.push('', verification.valid ? m.valid : m.invalid);
  return lines.join('\n');
}

export async function main(
  argv: string[] = process.argv.slice(2),
  io: { out: (text: string) => void; err: (text: string) => void; env?: NodeJS.ProcessEnv } = {
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  },
): Promise<number> {
  const locale = cliLocale(io.env ?? process.env);
  const m = CLI_MESSAGES[locale];
  const paths = argv.filter((arg) => arg !== '--');
  if (paths.length !== 1 || paths[0] === '--help' || paths[0] === '-h') {
    io.err(m.usage);
    return EXIT.unreadable;
  }
  // `npm run verify` runs in the project folder; a relative path means the caller's folder.
  const env = io.env ?? process.env;
  const base = env.npm_lifecycle_event === 'verify' && env.INIT_CWD ? env.INIT_CWD : process.cwd();
  const path = resolve(base, paths[0] ?? '');
  try {
    const verification = await verifyArchive(path);
    io.out(formatVerification(path, verification, locale));
    return verification.valid ? EXIT.valid : EXIT.invalid;
  } catch (error) {
    if (!(error instanceof UnreadableArchiveError)) throw error;
    io.err(`${m.title}\n${m.archive}${path}\n\n${m.unreadable(error.detail)}`);
    return EXIT.unreadable;
  }
}

const isEntryPoint = (): boolean => {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
};

if (isEntryPoint()) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = EXIT.unreadable;
    },
  );
}
