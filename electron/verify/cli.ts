#!/usr/bin/env node
/**
 * `npm run verify -- [--pubkey FILE] [--fingerprint SHA256:…] <archive.zip>` (built as
 * out/main/verify.js, also the package's `bin`): the same verifier as the app's Verify screen.
 * Exit 0 when the bag is valid, every signature present verifies (minisign required) and the signer
 * is one of the pinned keys; 1 when it is not valid or another key signed it; 2 when the file is not
 * a readable ZIP (or the command line is wrong); 3 when it is valid but no key was pinned, so the
 * signature is only consistent with the key the archive itself carries.
 *
 * Everything printed that comes from the archive goes through `printable`: a trusted comment or a
 * file name holding terminal escape sequences must not rewrite what the terminal shows.
 */
import { readFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Problem, Verification } from '../../shared/archive/verification';
import { printable } from '../../shared/text/printable';
import { FINGERPRINT_PATTERN, pinsOfFile } from '../services/archive/pinning';
import {
  UnreadableArchiveError,
  verifyArchive,
  VERIFY_LIMITS,
  type PinnedKey,
} from '../services/archive/verify';
import { CLI_MESSAGES, cliLocale, type CliLocale } from './messages';

export const EXIT = { valid: 0, invalid: 1, unreadable: 2, notPinned: 3 } as const;

const numberIn = (locale: CliLocale) => (value: number) =>
  new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB').format(value);

function problemLine(problem: Problem, locale: CliLocale): string {
  const m = CLI_MESSAGES[locale];
  const n = numberIn(locale);
  let what = problem.signature
    ? `${m.problem[problem.code]} (${m[problem.signature]})`
    : m.problem[problem.code];
  const { seq, until } = problem;
  if (seq !== undefined) {
    const detail =
      problem.code === 'audit_truncated' || problem.code === 'audit_gap'
        ? m.auditDetail[problem.code](n(seq), n(until ?? seq))
        : problem.code === 'audit_rewritten' || problem.code === 'audit_broken'
          ? m.auditDetail[problem.code](n(seq))
          : '';
    if (detail) what = `${what}${m.colon}${detail}`;
  }
  if (problem.deviceId !== undefined) what = `${what} (${m.device(printable(problem.deviceId))})`;
  return `  - ${what}${problem.path !== undefined ? `${m.colon}${printable(problem.path)}` : ''}`;
}

export function formatVerification(
  path: string,
  verification: Verification,
  locale: CliLocale,
  pins: readonly PinnedKey[] = [],
): string {
  const m = CLI_MESSAGES[locale];
  const lines = [m.title, `${m.archive}${printable(path)}`, ''];
  for (const check of verification.checks) {
    const count = m.count[check.name](check.count);
    lines.push(
      `  [${check.passed ? m.passed : m.failed}] ${m.checks[check.name]}${count ? ` — ${count}` : ''}`,
    );
  }
  if (verification.key) {
    lines.push('', m.key(printable(verification.key.fingerprint), printable(verification.key.keyId)));
  }
  for (const pin of pins) lines.push(m.pinned(printable(pin.fingerprint)));
  if (verification.trustedComment !== null) {
    lines.push(`${m.trustedComment}${printable(verification.trustedComment)}`);
  }
  if (verification.audit) {
    const n = numberIn(locale);
    lines.push(m.audit(n(verification.audit.entries), n(verification.audit.checkpoints)));
  }
  if (verification.problems.length > 0) {
    lines.push('', m.problems);
    if (verification.refused) lines.push(`  ${m.refused}`);
    for (const problem of verification.problems) lines.push(problemLine(problem, locale));
  }
  const verdict = !verification.valid
    ? m.invalid
    : verification.signer?.status === 'pinned'
      ? m.valid
      : m.notPinned;
  lines.push('', verdict);
  return lines.join('\n');
}

export function exitCodeOf(verification: Verification): number {
  if (!verification.valid) return EXIT.invalid;
  return verification.signer?.status === 'pinned' ? EXIT.valid : EXIT.notPinned;
}

type Parsed =
  | { ok: true; path: string; pubkeys: string[]; fingerprints: string[] }
  | { ok: false; message: string | null };

function parseArgs(argv: readonly string[], locale: CliLocale): Parsed {
  const m = CLI_MESSAGES[locale];
  const paths: string[] = [];
  const pubkeys: string[] = [];
  const fingerprints: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') return { ok: false, message: null };
    const option = /^(--pubkey|--fingerprint)(?:=(.*))?$/.exec(arg);
    if (option) {
      const value = option[2] ?? argv[(i += 1)];
      if (value === undefined || value === '') return { ok: false, message: m.badOption(printable(arg)) };
      if (option[1] === '--pubkey') pubkeys.push(value);
      else if (!FINGERPRINT_PATTERN.test(value))
        return { ok: false, message: m.badFingerprint(printable(value)) };
      else fingerprints.push(value);
      continue;
    }
    if (arg.startsWith('-')) return { ok: false, message: m.badOption(printable(arg)) };
    paths.push(arg);
  }
  const [path] = paths;
  if (paths.length !== 1 || path === undefined) return { ok: false, message: null };
  return { ok: true, path, pubkeys, fingerprints };
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
  const parsed = parseArgs(argv, locale);
  if (!parsed.ok) {
    io.err(parsed.message ? `${parsed.message}\n\n${m.usage}` : m.usage);
    return EXIT.unreadable;
  }
  // `npm run verify` runs in the project folder; a relative path means the caller's folder.
  const env = io.env ?? process.env;
  const base = env.npm_lifecycle_event === 'verify' && env.INIT_CWD ? env.INIT_CWD : process.cwd();
  const pins: PinnedKey[] = parsed.fingerprints.map((fingerprint) => ({ fingerprint }));
  for (const file of parsed.pubkeys) {
    const where = resolve(base, file);
    let text: string;
    try {
      text = await readFile(where, 'utf8');
    } catch (error) {
      io.err(
        m.pubkeyUnreadable(
          printable(where),
          printable(error instanceof Error ? error.message : String(error)),
        ),
      );
      return EXIT.unreadable;
    }
    const found = pinsOfFile(text);
    if (found.length === 0) {
      io.err(m.pubkeyEmpty(printable(where)));
      return EXIT.unreadable;
    }
    pins.push(...found);
  }
  const path = resolve(base, parsed.path);
  try {
    const verification = await verifyArchive(path, VERIFY_LIMITS, pins.length > 0 ? { pins } : {});
    io.out(formatVerification(path, verification, locale, pins));
    return exitCodeOf(verification);
  } catch (error) {
    if (!(error instanceof UnreadableArchiveError)) throw error;
    io.err(`${m.title}\n${m.archive}${printable(path)}\n\n${m.unreadable(printable(error.detail))}`);
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
