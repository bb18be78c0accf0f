/**
 * A rough passphrase strength estimate, shown while the user types. What it is, honestly: length ×
 * log2(size of the character classes used), cut down for a common password, a single repeated
 * character or a keyboard/alphabet run. It does not know dictionaries beyond a short list, so it
 * overrates a sentence of common words a little and underrates a long random word list a lot
 * (long lowercase-only passphrases still score well on length). It guides; Argon2id does the work.
 */

export type PassphraseStrength = {
  /** 0 very weak … 4 strong. */
  score: 0 | 1 | 2 | 3 | 4;
  /** Estimated entropy in bits. */
  bits: number;
  /** Message keys (sync.passphrase.*) explaining what lowers the score. */
  warnings: string[];
  /** Whether a space may be created or re-keyed with it (score 2 or more). */
  acceptable: boolean;
};

export const MIN_PASSPHRASE_LENGTH = 10;

/** Among the most used passwords in French and English leaks; compared without case and accents. */
const COMMON = new Set([
  '123456',
  '123456789',
  '12345678',
  '1234567890',
  '12345',
  '1234567',
  '111111',
  '000000',
  '123123',
  '654321',
  '666666',
  '121212',
  '112233',
  'password',
  'password1',
  'passw0rd',
  'motdepasse',
  'azerty',
  'azertyuiop',
  'azerty123',
  'qwerty',
  'qwertyuiop',
  'qwerty123',
  'abc123',
  'iloveyou',
  'jetaime',
  'soleil',
  'doudou',
  'loulou',
  'chouchou',
  'marseille',
  'nicolas',
  'julien',
  'camille',
  'bonjour',
  'coucou',
  'princesse',
  'football',
  'monkey',
  'dragon',
  'letmein',
  'welcome',
  'admin',
  'master',
  'sunshine',
  'shadow',
  'baseball',
  'superman',
  'trustno1',
  'starwars',
  'batman',
  'michael',
  'charlie',
  'liverpool',
  'chocolat',
  'portugal',
  'vacances',
  'bienvenue',
  'secret',
  'changeme',
  'rgpddesk',
  'rgpd',
  'gdpr',
  'motdepasse1',
  'password123',
  'azerty1',
  'abcdef',
  'abcdefgh',
  'a1b2c3',
  'zaq12wsx',
]);

const RUNS = [
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789',
  'azertyuiop',
  'qsdfghjklm',
  'qwertyuiop',
  'asdfghjkl',
];

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function isRun(text: string): boolean {
  const folded = fold(text);
  return (
    folded.length >= 4 &&
    RUNS.some((run) => run.includes(folded) || [...run].reverse().join('').includes(folded))
  );
}

export function estimatePassphrase(passphrase: string): PassphraseStrength {
  const chars = [...passphrase.normalize('NFC')];
  const warnings: string[] = [];
  let pool = 0;
  if (chars.some((c) => /[a-z]/.test(c))) pool += 26;
  if (chars.some((c) => /[A-Z]/.test(c))) pool += 26;
  if (chars.some((c) => /[0-9]/.test(c))) pool += 10;
  // A space between words adds little: counting it as a whole symbol class would overrate sentences.
  if (chars.some((c) => c === ' ')) pool += 1;
  if (chars.some((c) => /[!-/:-@[-`{-~]/.test(c))) pool += 32;
  if (chars.some((c) => (c.codePointAt(0) ?? 0) > 0x7f)) pool += 64;
  let bits = chars.length === 0 ? 0 : chars.length * Math.log2(Math.max(pool, 2));

  const core = fold(passphrase)
    .replace(/[^a-z0-9]+$/, '')
    .replace(/^[^a-z0-9]+/, '');
  const stripped = core.replace(/\d+$/, '');
  if (COMMON.has(core) || COMMON.has(stripped)) {
    warnings.push('sync.passphrase.common');
    bits = Math.min(bits, 10);
  } else if (new Set(chars).size <= 2) {
    warnings.push('sync.passphrase.repeated');
    bits = Math.min(bits, 8);
  } else if (isRun(passphrase)) {
    warnings.push('sync.passphrase.sequence');
    bits = Math.min(bits, 12);
  }
  if (chars.length < MIN_PASSPHRASE_LENGTH) warnings.push('sync.passphrase.tooShort');
  else if (pool <= 27 && chars.length < 16) warnings.push('sync.passphrase.oneClass');

  let score: PassphraseStrength['score'] = bits < 30 ? 0 : bits < 45 ? 1 : bits < 60 ? 2 : bits < 80 ? 3 : 4;
  if (chars.length < MIN_PASSPHRASE_LENGTH) score = Math.min(score, 1) as PassphraseStrength['score'];
  return { score, bits: Math.round(bits), warnings, acceptable: score >= 2 };
}
