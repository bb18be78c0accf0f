/**
 * The reference printed on a paper consent form, tying the signed paper that comes back to the
 * notice version and the purposes it showed. Kept apart from the PDF code so screens can show it
 * without loading jsPDF.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** Digits and capitals without 0/O and 1/I, which are misread when a reference is typed back. */
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * 'F-N3-7K2Q': the notice number, then 20 bits of a SHA-256 of the set of purpose ids (sorted,
 * without duplicates) in the alphabet above. Two different purpose sets share a code with a
 * probability of about one in a million.
 */
export function consentFormReference(noticeNumber: number, purposeIds: readonly string[]): string {
  const canonical = JSON.stringify([...new Set(purposeIds)].sort());
  const digest = sha256(utf8ToBytes(canonical));
  const bits = (((digest[0] ?? 0) << 16) | ((digest[1] ?? 0) << 8) | (digest[2] ?? 0)) >>> 4;
  let code = '';
  for (let shift = 15; shift >= 0; shift -= 5) code += REFERENCE_ALPHABET[(bits >>> shift) & 31] ?? '';
  return `F-N${noticeNumber}-${code}`;
}
