/**
 * The suppression list: after an erasure, a person who objected to marketing must not be contacted
 * again (Art. 21(3)) — yet nothing identifying may be kept. Only salted SHA-256 hashes of the email
 * address and of the phone number are stored. The salt is random per device and stored with each
 * entry, so entries made on any device can be checked anywhere (there are as many salts as devices,
 * so checking a person costs a hash per device).
 *
 * What the hashes protect against: someone reading the list learns no address. What they do not: a
 * person holding a candidate address and the salt can test it — which is exactly the check we need.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { digitsOf, normalizeEmail } from '../text/normalize';

export type SuppressionKeys = { emailHash: string; phoneHash: string };

/** The phone number as compared: its last nine digits (the national number), or nothing. */
export function phoneSuppressionKey(phone: string): string {
  const digits = digitsOf(phone);
  return digits.length >= 9 ? digits.slice(-9) : '';
}

function hash(salt: string, kind: 'e' | 'p', value: string): string {
  return bytesToHex(sha256(utf8ToBytes(`${salt}\n${kind}:${value}`)));
}

/** The hashes of a person's email and phone under one salt ('' for a missing value). */
export function suppressionKeys(salt: string, person: { email?: string; phone?: string }): SuppressionKeys {
  const email = normalizeEmail(person.email ?? '');
  const phone = phoneSuppressionKey(person.phone ?? '');
  return { emailHash: email ? hash(salt, 'e', email) : '', phoneHash: phone ? hash(salt, 'p', phone) : '' };
}

export type SuppressionEntry = { salt: string; emailHash: string; phoneHash: string };

/**
 * A checker over the list: true when the person's email or phone is on it. Built once, then one
 * hash per salt and per value for each person checked.
 */
export function suppressionChecker(
  entries: readonly SuppressionEntry[],
): (person: { email?: string; phone?: string }) => boolean {
  const bySalt = new Map<string, Set<string>>();
  for (const entry of entries) {
    let hashes = bySalt.get(entry.salt);
    if (!hashes) bySalt.set(entry.salt, (hashes = new Set()));
    if (entry.emailHash) hashes.add(entry.emailHash);
    if (entry.phoneHash) hashes.add(entry.phoneHash);
  }
  if (bySalt.size === 0) return () => false;
  return (person) => {
    for (const [salt, hashes] of bySalt) {
      const keys = suppressionKeys(salt, person);
      if ((keys.emailHash && hashes.has(keys.emailHash)) || (keys.phoneHash && hashes.has(keys.phoneHash)))
        return true;
    }
    return false;
  };
}
