/**
 * The counter kiosk's choices: what the person sees for each purpose, and the consent events their
 * changes make. Only a change makes an event: confirming the same choice again records nothing.
 */
import type { PreferenceState } from './derive';
import type { Decision, LawfulBasis } from './model';

/**
 * A purpose on consent: 'yes' or 'no' (null while the person has never decided). A purpose on
 * legitimate interest: the person can only object ('object') or not ('no_objection').
 */
export type KioskChoice = 'yes' | 'no' | 'object' | 'no_objection';

export function kioskChoiceOf(lawfulBasis: LawfulBasis, state: PreferenceState): KioskChoice | null {
  if (lawfulBasis === 'legitimate_interest')
    return state === 'withdrawn' || state === 'refused' ? 'object' : 'no_objection';
  if (state === 'granted') return 'yes';
  return state === 'none' ? null : 'no';
}

/** The decision a changed choice records, or null when the choice is what is already recorded. */
export function kioskDecision(
  lawfulBasis: LawfulBasis,
  state: PreferenceState,
  choice: KioskChoice | null,
): Decision | null {
  if (choice === null || choice === kioskChoiceOf(lawfulBasis, state)) return null;
  switch (choice) {
    case 'yes':
    case 'no_objection':
      return 'granted';
    case 'object':
      return 'withdrawn';
    case 'no':
      return state === 'granted' ? 'withdrawn' : 'refused';
  }
}

/** The decisions of a kiosk session, in the order of the purposes shown. */
export function kioskDecisions(
  rows: readonly { purposeId: string; lawfulBasis: LawfulBasis; state: PreferenceState }[],
  choices: Readonly<Record<string, KioskChoice | null>>,
): { purposeId: string; decision: Decision }[] {
  return rows.flatMap((row) => {
    const decision = kioskDecision(row.lawfulBasis, row.state, choices[row.purposeId] ?? null);
    return decision ? [{ purposeId: row.purposeId, decision }] : [];
  });
}
