import type { ConsentEventData } from '../consent/model';

/**
 * A consent given with nothing to prove it (Art. 7(1)): no scan, call reference, witness, imported
 * file or paper form reference. Refusals and withdrawals need no proof of consent.
 */
export function isUnprovenConsent(event: Pick<ConsentEventData, 'decision' | 'evidence'>): boolean {
  const { attachment, callReference, witnessName, fileHash, formReference } = event.evidence;
  return (
    event.decision === 'granted' &&
    attachment === null &&
    callReference === '' &&
    witnessName === '' &&
    fileHash === '' &&
    formReference === ''
  );
}
