/**
 * What verifying an archive reports: the same shape from the command-line verifier, the IPC channel
 * and the Verify screen. Every problem is named by a code the UI translates (archive.problems.<code>).
 */
import { z } from 'zod';

export const PROBLEM_CODES = [
  // Refused before anything is read from the entries.
  'unsafe_path',
  'symlink',
  'too_many_entries',
  'too_large',
  'duplicate_entry',
  'directory_with_data',
  'path_collision',
  // The bag itself.
  'not_a_bag',
  'bad_bagit_txt',
  'bad_bag_info',
  'bad_manifest',
  'missing_file',
  'unlisted_file',
  'changed_file',
  'unreadable_entry',
  'oxum_mismatch',
  // Signatures.
  'missing_signature',
  'bad_public_key',
  'bad_signature',
  'key_mismatch',
  // Who signed: a key other than the pinned ones.
  'unknown_signer',
  // The audit log against its signed checkpoints (audit-checkpoints.json).
  'bad_checkpoints',
  'audit_broken',
  'audit_gap',
  'audit_truncated',
  'audit_rewritten',
] as const;
export const problemCodeSchema = z.enum(PROBLEM_CODES);
export type ProblemCode = z.infer<typeof problemCodeSchema>;

export const SIGNATURE_KINDS = ['minisign', 'ssh'] as const;

export const problemSchema = z.object({
  code: problemCodeSchema,
  /** The file concerned, relative to the bag's folder (or the ZIP entry name when refused). */
  path: z.string().optional(),
  signature: z.enum(SIGNATURE_KINDS).optional(),
  /** Audit problems: the device and the entry number concerned… */
  deviceId: z.string().optional(),
  seq: z.number().int().nonnegative().optional(),
  /** …and, for a gap or a cut, the number the log should have reached. */
  until: z.number().int().nonnegative().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export const CHECK_NAMES = [
  'zip',
  'bagit',
  'manifest',
  'tagmanifest',
  'oxum',
  'minisign',
  'ssh',
  'signer',
  'audit',
] as const;
export const checkSchema = z.object({
  name: z.enum(CHECK_NAMES),
  passed: z.boolean(),
  /** Files or lines looked at by this check. */
  count: z.number().int().nonnegative(),
});
export type Check = z.infer<typeof checkSchema>;

export const verificationSchema = z.object({
  valid: z.boolean(),
  /** True when the ZIP was refused before reading any entry (hostile or absurd structure). */
  refused: z.boolean(),
  bagName: z.string().nullable(),
  problems: z.array(problemSchema),
  checks: z.array(checkSchema),
  payloadFiles: z.number().int().nonnegative(),
  payloadBytes: z.number().int().nonnegative(),
  /** The signing key, read from minisign.pub: SSH-style SHA-256 fingerprint and minisign key id. */
  key: z.object({ fingerprint: z.string(), keyId: z.string() }).nullable(),
  /** The minisign trusted comment (organisation, date, archive id), when its signature verified. */
  trustedComment: z.string().nullable(),
  /**
   * Who signed, once the signatures verify: one of the pinned keys (`role` and `since` when the
   * verifier knows them: the organisation's current or a previous key, made on that day), a key
   * that is none of them ('unknown', which makes the archive invalid), or nothing to compare with
   * ('not_pinned': the signature is consistent, but anyone could have made it).
   */
  signer: z
    .object({
      status: z.enum(['pinned', 'unknown', 'not_pinned']),
      role: z.enum(['current', 'previous']).nullable(),
      since: z.string().nullable(),
    })
    .nullable(),
  /** The audit log in the archive against its signed checkpoints, when the archive carries them. */
  audit: z
    .object({
      entries: z.number().int().nonnegative(),
      devices: z.number().int().nonnegative(),
      checkpoints: z.number().int().nonnegative(),
      /** The latest checkpoint's signing time, ISO. */
      latestCheckpoint: z.string().nullable(),
    })
    .nullable(),
});
export type Verification = z.infer<typeof verificationSchema>;
